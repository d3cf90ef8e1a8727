using Metering.Domain.Closing;
using Metering.Domain.Ports;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// Drains the close queue: each request is closed and then removed. A request whose close fails stays in the
/// queue and becomes visible again after the visibility timeout; after <see cref="MaxDequeueCount"/> failed
/// attempts it is removed and reported as poison (the Functions host does the same with its poison queue). With a
/// <see cref="LatestPublisher"/>, a close that leaves its window with a revision (written now or unchanged) also writes
/// the window's <c>latest.json</c> before its request is removed, as the Functions app's notice and
/// <c>publish-latest</c> step do; a statement has no stable name.
/// </summary>
/// <param name="queue">The close queue.</param>
/// <param name="closer">Closes one window.</param>
/// <param name="logger">Where failures are logged.</param>
/// <param name="visibility">How long a received request stays invisible; <see cref="Visibility"/> when null.</param>
/// <param name="latest">Writes the stable names of the windows closed; none are written when null.</param>
public sealed class CloseWorker(ICloseQueue queue, WindowCloser closer, ILogger<CloseWorker> logger, Duration? visibility = null, LatestPublisher? latest = null)
{
    /// <summary>Attempts after which a failing request is given up.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>How long a received request stays invisible to other workers, unless the worker is given another time.</summary>
    public static Duration Visibility { get; } = Duration.FromMinutes(5);

    /// <summary>Closes requests until the queue is empty; returns what each close did and the requests that failed.</summary>
    public Task<DrainReport> DrainAsync(CancellationToken cancellationToken) => DrainAsync(null, cancellationToken);

    /// <summary>
    /// Drains the queue as <see cref="DrainAsync(CancellationToken)"/> does, reporting each request to
    /// <paramref name="handled"/> once it is closed, skipped or has failed (a host's progress display).
    /// </summary>
    public async Task<DrainReport> DrainAsync(IProgress<CloseRequest>? handled, CancellationToken cancellationToken)
    {
        var outcomes = new List<CloseOutcome>();
        var failures = new List<CloseFailure>();
        while (await queue.ReceiveAsync(visibility ?? Visibility, cancellationToken).ConfigureAwait(false) is { } message)
        {
            try
            {
                var outcome = await closer.CloseAsync(message.Request, cancellationToken).ConfigureAwait(false);
                if (latest is not null && outcome is { Status: not CloseStatus.Skipped, Revision: { } revision })
                {
                    // Before the request is removed: a failure here leaves it to be closed again (unchanged) and retried.
                    await latest.PublishAsync(revision, cancellationToken).ConfigureAwait(false);
                }

                outcomes.Add(outcome);
                await queue.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Closing {Contract}/{Window} failed (attempt {Attempt})", message.Request.Contract, message.Request.Target, message.DequeueCount);
                var poisoned = message.DequeueCount >= MaxDequeueCount;
                if (poisoned)
                {
                    await queue.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
                }

                failures.Add(new CloseFailure(message.Request, ex.Message, poisoned) { Cause = ex });
            }

            handled?.Report(message.Request);
        }

        return new DrainReport(outcomes, failures);
    }
}
