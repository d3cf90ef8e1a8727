using System.Diagnostics;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using NodaTime;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>
/// Wall time spent in each port the ingest handler writes through (archive, dead letters, activity), measured by
/// wrapping the real adapters: the handler itself is unchanged, and what is left of the total is planning.
/// </summary>
public sealed class TimedPorts(IRawArchive archive, IDeadLetterStore deadLetters, IActivityStore activity)
    : IRawArchive, IDeadLetterStore, IActivityStore
{
    private long _archiveTicks;
    private long _deadLetterTicks;
    private long _activityTicks;
    private long _activityEntities;

    /// <summary>Seconds in the raw archive.</summary>
    public double ArchiveSeconds => Stopwatch.GetElapsedTime(0, _archiveTicks).TotalSeconds;

    /// <summary>Seconds in the dead-letter store.</summary>
    public double DeadLetterSeconds => Stopwatch.GetElapsedTime(0, _deadLetterTicks).TotalSeconds;

    /// <summary>Seconds in the activity store (tables).</summary>
    public double ActivitySeconds => Stopwatch.GetElapsedTime(0, _activityTicks).TotalSeconds;

    /// <summary>Entities the activity store wrote (presence, facts, sessions, touches, markers; not the claims).</summary>
    public long ActivityEntities => Interlocked.Read(ref _activityEntities);

    /// <inheritdoc />
    public async Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await archive.WriteAsync(batch, receivedAt, events, cancellationToken);
        Interlocked.Add(ref _archiveTicks, Stopwatch.GetTimestamp() - start);
    }

    /// <inheritdoc />
    public async Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await deadLetters.WriteAsync(batch, receivedAt, rejected, cancellationToken);
        Interlocked.Add(ref _deadLetterTicks, Stopwatch.GetTimestamp() - start);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ArchivedBatch> ListAsync(Interval received, CancellationToken cancellationToken) =>
        archive.ListAsync(received, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RawEvent>> ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken) =>
        archive.ReadAsync(batch, cancellationToken);

    /// <inheritdoc />
    IAsyncEnumerable<ArchivedBatch> IDeadLetterStore.ListAsync(Interval received, CancellationToken cancellationToken) =>
        deadLetters.ListAsync(received, cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<ArchivedBatch>> IDeadLetterStore.FindAsync(BatchId batch, CancellationToken cancellationToken) =>
        deadLetters.FindAsync(batch, cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<RejectedEvent>> IDeadLetterStore.ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken) =>
        deadLetters.ReadAsync(batch, cancellationToken);

    /// <inheritdoc />
    public Task<BatchMarker?> RecordedAsync(IngestPlan plan, CancellationToken cancellationToken) =>
        activity.RecordedAsync(plan, cancellationToken);

    /// <inheritdoc />
    public async Task<StorageWriteCounts> WriteAsync(IngestPlan plan, Instant receivedAt, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var counts = await activity.WriteAsync(plan, receivedAt, cancellationToken);
        Interlocked.Add(ref _activityTicks, Stopwatch.GetTimestamp() - start);
        Interlocked.Add(ref _activityEntities, counts.Entities);
        return counts;
    }
}
