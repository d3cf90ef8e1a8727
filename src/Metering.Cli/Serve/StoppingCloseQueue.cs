using Metering.Domain.Closing;
using Metering.Domain.Ports;
using NodaTime;

namespace Metering.Cli.Serve;

/// <summary>
/// The close queue as a stopping worker sees it: empty once <paramref name="stopping"/> is signalled, so that a
/// drain finishes the close in hand and takes no other. Enqueueing and completing go through unchanged.
/// </summary>
public sealed class StoppingCloseQueue(ICloseQueue queue, CancellationToken stopping) : ICloseQueue
{
    /// <inheritdoc />
    public Task EnqueueAsync(CloseRequest request, CancellationToken cancellationToken) => queue.EnqueueAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<CloseMessage?> ReceiveAsync(Duration visibility, CancellationToken cancellationToken) =>
        stopping.IsCancellationRequested ? Task.FromResult<CloseMessage?>(null) : queue.ReceiveAsync(visibility, cancellationToken);

    /// <inheritdoc />
    public Task CompleteAsync(CloseMessage message, CancellationToken cancellationToken) => queue.CompleteAsync(message, cancellationToken);
}
