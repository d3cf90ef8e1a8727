using System.Collections.Immutable;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>
/// Remembers, per event identity (tenant, <c>source</c>, <c>id</c>), the content first counted for it and the tenant's
/// zone that gave it its local day, so that a later batch that reuses the id with other content is told, and one that
/// sends the event again after the zone changed keeps its day (docs/events.md, "Duplicates and reused ids"). Claiming is
/// idempotent and race-free: of two batches claiming one identity at the same time, one claim stands and the other
/// batch is told of it; a batch claiming again what it claimed before (a retry, a redelivery) is told of no conflict.
/// </summary>
public interface IEventClaimStore
{
    /// <summary>
    /// Claims every identity of <paramref name="claims"/> for <paramref name="batch"/> received at
    /// <paramref name="receivedAt"/>, unless an earlier claim of it stands, and returns the earlier claims whose content
    /// differs and those made in another zone. <paramref name="zones"/> are the zones the batch was planned in, by tenant
    /// (<see cref="IngestPlan.Zones"/>): each claim made keeps its tenant's. A storage failure throws; claims made before
    /// it stand, and claiming again finds them.
    /// </summary>
    Task<EventClaimResult> ClaimAsync(
        BatchId batch,
        Instant receivedAt,
        ImmutableArray<EventClaim> claims,
        IReadOnlyDictionary<TenantId, DateTimeZone> zones,
        CancellationToken cancellationToken);
}

/// <summary>What claiming found and cost.</summary>
/// <param name="Conflicts">The identities an earlier batch claimed with other content, and that claim.</param>
/// <param name="Counts">Entities written and requests made.</param>
public sealed record EventClaimResult(ImmutableDictionary<EventIdentity, EarlierReceipt> Conflicts, StorageWriteCounts Counts)
{
    /// <summary>No conflict and no request: nothing to claim.</summary>
    public static EventClaimResult None { get; } = new(ImmutableDictionary<EventIdentity, EarlierReceipt>.Empty, StorageWriteCounts.Zero);

    /// <summary>
    /// The identities an earlier batch claimed with this content (or this very batch, on an earlier attempt) in another
    /// zone of their tenant than this batch's: a producer's resend after the tenant's zone changed. Planned again with
    /// these receipts, their copies keep the local days they counted on. Each receipt names this batch's content for
    /// its identity (the same as the claim's, except for this batch's own claim made by a build that digested content
    /// otherwise), so that planning again rejects no copy as a reuse.
    /// </summary>
    public ImmutableDictionary<EventIdentity, EarlierReceipt> OtherZones { get; init; } = ImmutableDictionary<EventIdentity, EarlierReceipt>.Empty;
}
