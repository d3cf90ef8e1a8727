using System.Collections.Immutable;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Everything one batch will write, computed without I/O: presence merged per (tenant, month, kind, unit),
/// fact chunks per (tenant, family, unit, day), day touches, and the rejected events with their reasons.
/// Every input event is either counted in <see cref="Accepted"/> or listed in <see cref="Rejected"/>, once.
/// </summary>
/// <param name="Batch">The batch identity.</param>
/// <param name="Received">How many events the batch held.</param>
/// <param name="Accepted">How many were valid and recorded.</param>
/// <param name="Presence">Presence records to merge, one per (tenant, month, kind, unit), ordered.</param>
/// <param name="Facts">Fact chunks to write, ordered.</param>
/// <param name="Touches">Day touches, one per (tenant, day), ordered.</param>
/// <param name="Rejected">Rejected events in input order.</param>
public sealed record IngestPlan(
    BatchId Batch,
    int Received,
    int Accepted,
    ImmutableArray<PresenceRecord> Presence,
    ImmutableArray<FactChunk> Facts,
    ImmutableArray<DayTouch> Touches,
    ImmutableArray<RejectedEvent> Rejected)
{
    /// <summary>
    /// One claim per identity of an accepted event (tenant, <c>source</c>, <c>id</c>) with the content counted for it,
    /// in no particular order (a set; sorting them cost more than the claim store gains): what the claim store must remember so that a later batch cannot count a reused id again.
    /// </summary>
    public ImmutableArray<EventClaim> Claims { get; init; } = [];

    /// <summary>
    /// The billing zone each tenant of an accepted event had in the directory planned with: what gave the plan's local
    /// days and months, except to a copy of an event claimed before in another zone, which takes its day in the claim's
    /// zone (<see cref="EarlierReceipt.Zone"/>). Ingest keeps it with the batch's marker, so that the batch planned again
    /// after its tenant's zone changed (delivered again, replayed) is planned in the zone of its recording and counts
    /// nothing twice.
    /// </summary>
    public ImmutableSortedDictionary<TenantId, DateTimeZone> Zones { get; init; } = ImmutableSortedDictionary<TenantId, DateTimeZone>.Empty;
}
