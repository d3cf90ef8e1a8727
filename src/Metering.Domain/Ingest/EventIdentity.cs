using Metering.Domain.Events;
using Metering.Domain.Tenants;

namespace Metering.Domain.Ingest;

/// <summary>
/// Who an event is, for duplicate detection: its tenant and its key (<c>source</c> and <c>id</c>). CloudEvents lets a
/// consumer treat two events with the same <c>source</c> and <c>id</c> as one; the tenant is part of the identity so
/// that no tenant's sender can claim another tenant's ids.
/// </summary>
/// <param name="Tenant">The tenant the event is for.</param>
/// <param name="Key">The hash of its <c>source</c> and <c>id</c>.</param>
public readonly record struct EventIdentity(TenantId Tenant, EventKey Key) : IComparable<EventIdentity>
{
    /// <inheritdoc />
    public int CompareTo(EventIdentity other)
    {
        var byTenant = Tenant.CompareTo(other.Tenant);
        return byTenant != 0 ? byTenant : Key.CompareTo(other.Key);
    }
}
