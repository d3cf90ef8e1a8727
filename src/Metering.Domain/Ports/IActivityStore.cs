using System.Collections.Immutable;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>
/// The write side of activity and state storage. Writes are idempotent: writing a plan twice, or two plans in
/// either order, leaves the same stored state. A storage failure throws; nothing is reported as written then.
/// </summary>
public interface IActivityStore
{
    /// <summary>Writes the plan's presence, fact chunks and day touches.</summary>
    Task<StorageWriteCounts> WriteAsync(IngestPlan plan, Instant receivedAt, CancellationToken cancellationToken);

    /// <summary>
    /// What the marker of <paramref name="plan"/>'s batch says: whether this very plan was recorded whole, and the zones
    /// the batch's last recording was planned in; null when no plan of the batch was recorded whole. One read.
    /// </summary>
    Task<BatchMarker?> RecordedAsync(IngestPlan plan, CancellationToken cancellationToken);
}

/// <summary>A batch's marker, written last when a plan of it was recorded whole.</summary>
/// <param name="Recorded">
/// When the marker is of the plan asked about (its digest): what that recording wrote, with
/// <see cref="StorageWriteCounts.AlreadyRecorded"/> set and the one read made; null when it is of another plan of the
/// batch (an outcome that changed since: a source registered, a zone changed).
/// </param>
/// <param name="Zones">
/// <see cref="IngestPlan.Zones"/> of the plan recorded, when the marker is of another plan: the zones the batch's events
/// were given their days in (empty for a marker written before zones were kept, and when the marker is of the plan asked
/// about, which needs none).
/// </param>
public sealed record BatchMarker(StorageWriteCounts? Recorded, ImmutableSortedDictionary<TenantId, DateTimeZone> Zones)
{
    /// <summary>False for a marker written by a build that did not keep zones: its batch's zones are not known.</summary>
    public bool ZonesKept { get; init; } = true;
}

/// <summary>What a write cost in storage.</summary>
/// <param name="Entities">Table entities written (inserted, merged or replaced).</param>
/// <param name="Requests">Storage requests made (a transaction counts once).</param>
public sealed record StorageWriteCounts(long Entities, long Requests)
{
    /// <summary>No writes.</summary>
    public static StorageWriteCounts Zero { get; } = new(0, 0);

    /// <summary>
    /// True when the store found the plan already fully recorded (a redelivered batch) and wrote nothing;
    /// <see cref="Requests"/> then counts the reads that established it.
    /// </summary>
    public bool AlreadyRecorded { get; init; }

    /// <summary>
    /// Accepted events whose local day was already inside a closed window (late events), as recorded in touches; for a
    /// plan <see cref="AlreadyRecorded"/>, those the earlier write recorded.
    /// </summary>
    public long LateEvents { get; init; }

    /// <summary>For a plan <see cref="AlreadyRecorded"/>: the receipt instant the earlier write recorded it under.</summary>
    public Instant? RecordedAt { get; init; }

    /// <summary>The sum of two counts.</summary>
    public static StorageWriteCounts operator +(StorageWriteCounts a, StorageWriteCounts b) =>
        new(a.Entities + b.Entities, a.Requests + b.Requests);
}
