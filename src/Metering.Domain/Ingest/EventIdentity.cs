using System.Globalization;
using Metering.Domain.Tenants;

namespace Metering.Domain.Ingest;

/// <summary>
/// Who an event is, for duplicate detection: its tenant and the hash of its <c>source</c> and <c>id</c>. CloudEvents
/// lets a consumer treat two events with the same <c>source</c> and <c>id</c> as one; the tenant is part of the
/// identity so that no tenant's sender can claim another tenant's ids.
/// </summary>
/// <param name="Tenant">The tenant the event is for.</param>
/// <param name="Key">
/// XxHash128 (seed 0) of the UTF-8 <c>source</c>, a zero byte and the UTF-8 <c>id</c>: unlike <see cref="Events.EventKey"/>
/// (SHA-256, kept for the stored facts), it is computed for every accepted event, and SHA-256 in managed code cost
/// about 1 µs an event in the planner benchmark (docs/performance.md). A producer that crafts colliding ids can only
/// have its own tenant's events dead-lettered.
/// </param>
public readonly record struct EventIdentity(TenantId Tenant, UInt128 Key)
{
    /// <summary>The key as 32 lowercase hex digits.</summary>
    public string KeyText => Key.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>Equal when the key and the tenant are.</summary>
    public bool Equals(EventIdentity other) => Key == other.Key && Tenant.Equals(other.Tenant);

    /// <summary>The key's low bits: keys are uniform, and the same key under two tenants is rare.</summary>
    public override int GetHashCode() => unchecked((int)(ulong)Key);
}
