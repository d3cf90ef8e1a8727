using Metering.Domain.Events;
using Metering.Domain.Ingest;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>Keeps rejected events byte for byte with their reasons and positions, and reads them back.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores the rejected events of one batch. Writing the same batch again is harmless.</summary>
    Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken);

    /// <summary>The batches with dead letters received within <paramref name="received"/> (bounded), oldest first.</summary>
    IAsyncEnumerable<ArchivedBatch> ListAsync(Interval received, CancellationToken cancellationToken);

    /// <summary>The dead letters of <paramref name="batch"/> as stored: one per UTC day it was received on, oldest first.</summary>
    Task<IReadOnlyList<ArchivedBatch>> FindAsync(BatchId batch, CancellationToken cancellationToken);

    /// <summary>
    /// The rejected events of one stored batch, in position order: each body byte for byte as kept (at most the hard
    /// cap, <see cref="RawEvent.OriginalLength"/> telling the length received), with its origin and every reason.
    /// </summary>
    Task<IReadOnlyList<RejectedEvent>> ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken);
}
