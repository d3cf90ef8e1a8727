using Metering.Domain.Events;
using Metering.Domain.Ingest;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>Keeps rejected events byte for byte with their reasons and positions.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores the rejected events of one batch. Writing the same batch again is harmless.</summary>
    Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken);
}
