using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Tenants;

namespace Metering.Cli.Tenants;

/// <summary>
/// What applying one tenant of a tenants file changes in the registry: created, replaced or unchanged, and what a
/// replacement takes away. A removed sender or source is a narrowing that takes effect at the next ingest: events it
/// delivers for the tenant are then dead-lettered (<c>unauthorized-sender</c>, <c>unregistered-source</c>). A new zone
/// applies to events ingested from then on; activity already stored keeps the local days of the old zone
/// (docs/events.md, "local day").
/// </summary>
/// <param name="Tenant">The tenant as the file states it.</param>
/// <param name="Status"><see cref="Created"/>, <see cref="Replaced"/> or <see cref="Unchanged"/>.</param>
/// <param name="PreviousZone">The zone stored before, when the file changes it; otherwise null.</param>
/// <param name="RemovedSources">Sources stored before that the file no longer lists.</param>
/// <param name="RemovedSenders">Senders stored before that the file no longer lists.</param>
public sealed record TenantChange(
    Tenant Tenant,
    string Status,
    string? PreviousZone,
    ImmutableArray<string> RemovedSources,
    ImmutableArray<string> RemovedSenders)
{
    /// <summary>The tenant was not registered.</summary>
    public const string Created = "created";

    /// <summary>The tenant was registered with other settings.</summary>
    public const string Replaced = "replaced";

    /// <summary>The tenant was registered with the same settings.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>The change of each tenant of <paramref name="applied"/> against <paramref name="stored"/>, by tenant id.</summary>
    public static IReadOnlyList<TenantChange> Of(TenantDirectory stored, IEnumerable<Tenant> applied)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(applied);
        return [.. applied.OrderBy(t => t.Id).Select(tenant => Of(stored, tenant))];
    }

    /// <summary>One warning line per narrowing or zone change, naming the tenant and its consequence.</summary>
    public IEnumerable<string> Warnings()
    {
        var id = Tenant.Id.Value;
        foreach (var sender in RemovedSenders)
        {
            yield return $"tenant {id}: sender '{sender}' is no longer listed; events it delivers for {id} will be dead-lettered as {RejectionReason.UnauthorizedSender}.";
        }

        foreach (var source in RemovedSources)
        {
            yield return $"tenant {id}: source '{source}' is no longer listed; its events for {id} will be dead-lettered as {RejectionReason.UnregisteredSource}.";
        }

        if (PreviousZone is not null)
        {
            yield return $"tenant {id}: zone changes from {PreviousZone} to {Tenant.Zone.Id}; activity already stored keeps its local days in {PreviousZone}, batches received from now on take local days in {Tenant.Zone.Id}; a batch recorded before this change keeps {PreviousZone}'s days when it is delivered again or replayed, unless it was recorded before batch markers kept zones; an event sent again in another batch takes {Tenant.Zone.Id}'s days (docs/operations.md, \"Replaying the raw archive\").";
        }
    }

    private static TenantChange Of(TenantDirectory stored, Tenant tenant)
    {
        if (!stored.TryGet(tenant.Id.Value, out var before))
        {
            return new TenantChange(tenant, Created, null, [], []);
        }

        var removedSources = before.Sources.Except(tenant.Sources).ToImmutableArray();
        var removedSenders = before.Senders.Except(tenant.Senders).ToImmutableArray();
        var zone = before.Zone.Id == tenant.Zone.Id ? null : before.Zone.Id;
        var same = zone is null && before.Sources.SetEquals(tenant.Sources) && before.Senders.SetEquals(tenant.Senders);
        return new TenantChange(tenant, same ? Unchanged : Replaced, zone, removedSources, removedSenders);
    }
}
