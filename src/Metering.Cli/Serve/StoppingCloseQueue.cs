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
    public async Task<CloseMessage?> ReceiveAsync(Duration visibility, CancellationToken cancellationToken)
    {
        if (stopping.IsCancellationRequested)
        {
            return null;
        }

        // A receive still waiting on storage when the host stops is abandoned: it is not a close in hand. A message it
        // took regardless reappears after its visibility timeout and is closed by the next run.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        try
        {
            return await queue.ReceiveAsync(visibility, linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(CloseMessage message, CancellationToken cancellationToken) => queue.CompleteAsync(message, cancellationToken);
}
