using Metering.Domain.Closing;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>The queue between the schedule step and the workers that close one window each.</summary>
public interface ICloseQueue
{
    /// <summary>Enqueues a request; the same request twice is harmless (closing is idempotent).</summary>
    Task EnqueueAsync(CloseRequest request, CancellationToken cancellationToken);

    /// <summary>Takes the next request out of sight for <paramref name="visibility"/>, or null when the queue is empty.</summary>
    Task<CloseMessage?> ReceiveAsync(Duration visibility, CancellationToken cancellationToken);

    /// <summary>Removes a handled request.</summary>
    Task CompleteAsync(CloseMessage message, CancellationToken cancellationToken);
}
