using Metering.Pipeline.Closing;
using Metering.Storage.Closing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metering.Functions;

/// <summary>
/// Closes one window per queue message and publishes its invoice. The invoice is written with the Blob SDK, not a
/// blob output binding: an output binding overwrites, while a revision must be created write-once
/// (<c>If-None-Match: *</c>) so that duplicated messages and concurrent instances publish one revision
/// (docs/closing.md). A throw leaves the message to the host's retries and, after <c>maxDequeueCount</c>
/// (host.json), its poison queue.
/// </summary>
public sealed class CloseWindowFunction(WindowCloser closer, ILogger<CloseWindowFunction> logger)
{
    /// <summary>Closes the window the message names.</summary>
    [Function("close-window")]
    public async Task RunAsync([QueueTrigger("%CloseQueue%", Connection = "Storage")] string message, CancellationToken cancellationToken)
    {
        if (!CloseRequestJson.TryRead(message, out var request))
        {
            logger.LogError("Not a close request, dropped: {Message}", message);
            return;
        }

        await closer.CloseAsync(request, cancellationToken);
    }
}
