using Metering.Domain.Ingest;
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
    /// What an earlier write of exactly this plan recorded (its marker holds the plan's digest): counts with
    /// <see cref="StorageWriteCounts.AlreadyRecorded"/> set; null when the plan was not recorded whole. One read.
    /// </summary>
    Task<StorageWriteCounts?> RecordedAsync(IngestPlan plan, CancellationToken cancellationToken);
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
