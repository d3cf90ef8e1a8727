using System.Collections.Frozen;
using NodaTime;

namespace Metering.Domain.Tenants;

/// <summary>
/// An immutable snapshot of the tenant registry, as ingest and close read it. Lookups are by exact tenant id.
/// </summary>
public sealed class TenantDirectory
{
    private readonly FrozenDictionary<string, Tenant> _byId;

    /// <summary>Builds a snapshot; a tenant id listed twice is an error.</summary>
    public TenantDirectory(IEnumerable<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var map = new Dictionary<string, Tenant>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            if (!map.TryAdd(tenant.Id.Value, tenant))
            {
                throw new ArgumentException($"Tenant '{tenant.Id}' is listed twice.", nameof(tenants));
            }
        }

        _byId = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>An empty directory: every event is rejected as from an unknown tenant.</summary>
    public static TenantDirectory Empty { get; } = new([]);

    /// <summary>Every tenant, ordered by id.</summary>
    public IEnumerable<Tenant> All => _byId.Values.OrderBy(t => t.Id);

    /// <summary>
    /// This directory with the billing zones of <paramref name="zones"/> in place of the tenants' own (a tenant not
    /// registered here stays unregistered): what a batch is planned with again in the zones it was first recorded in.
    /// </summary>
    public TenantDirectory WithZones(IReadOnlyDictionary<TenantId, DateTimeZone> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        return new TenantDirectory(_byId.Values.Select(t => zones.TryGetValue(t.Id, out var zone) && zone.Id != t.Zone.Id ? t with { Zone = zone } : t));
    }

    /// <summary>Finds a tenant by the exact id string of an event.</summary>
    public bool TryGet(string tenantId, out Tenant tenant) => _byId.TryGetValue(tenantId, out tenant!);

    /// <summary>Finds a tenant by the exact id span of an event (no allocation).</summary>
    public bool TryGet(ReadOnlySpan<char> tenantId, out Tenant tenant) =>
        _byId.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(tenantId, out tenant!);
}
