using Metering.Domain.Events;
using Metering.Domain.Ingest;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>
/// Keeps every received batch as it arrived, so that activity can be replayed into storage. Writing the same
/// batch again is harmless.
/// </summary>
public interface IRawArchive
{
    /// <summary>Stores the batch's bodies with their partition and sequence metadata.</summary>
    Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RawEvent> events, CancellationToken cancellationToken);

    /// <summary>Lists the archived batches received within <paramref name="received"/>, oldest first.</summary>
    IAsyncEnumerable<ArchivedBatch> ListAsync(Interval received, CancellationToken cancellationToken);

    /// <summary>Reads one archived batch back, bodies byte for byte.</summary>
    Task<IReadOnlyList<RawEvent>> ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken);
}

/// <summary>An archived batch: where it is and when it was received.</summary>
/// <param name="Batch">The batch identity.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="Name">The storage name of the archive (a blob name).</param>
public sealed record ArchivedBatch(BatchId Batch, Instant ReceivedAt, string Name);
