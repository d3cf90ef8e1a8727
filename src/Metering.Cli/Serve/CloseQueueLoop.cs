using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using Microsoft.Extensions.Logging;

namespace Metering.Cli.Serve;

/// <summary>
/// The background worker of <c>metering serve</c> that drains the close queue with <see cref="CloseWorker"/>, as the
/// Functions queue trigger does: whenever the schedule step woke it, else every
/// <see cref="ServeOptions.QueuePollInterval"/>. On shutdown it finishes the close in hand and takes no other; that
/// close is cancelled only when the host's shutdown timeout runs out (the queue message then reappears and another
/// run closes the window: closing is idempotent).
/// </summary>
public sealed partial class CloseQueueLoop(ICloseQueue queue, WindowCloser closer, LatestPublisher latest, ServeOptions options, ILoggerFactory loggers) : ServeLoop
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ILogger _logger = loggers.CreateLogger<CloseQueueLoop>();

    /// <summary>Asks the worker to look at the queue now.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _wake.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        var worker = new CloseWorker(new StoppingCloseQueue(queue, stopping), closer, loggers.CreateLogger<CloseWorker>(), latest: latest);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var report = await worker.DrainAsync(abort);
                if (report.Outcomes.Count > 0 || report.Failures.Count > 0)
                {
                    LogDrained(_logger, report.Outcomes.Count(o => o.Status == CloseStatus.Written), report.Outcomes.Count, report.Failures.Count);
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The queue is unreachable: try again at the next poll; requests stay in the queue meanwhile.
                LogDrainFailed(_logger, e);
            }

            try
            {
                await _wake.WaitAsync(options.QueuePollInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Close queue drained: {Written} revision(s) written, {Closed} window(s) closed, {Failed} failed.")]
    private static partial void LogDrained(ILogger logger, int written, int closed, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the close queue failed; trying again at the next poll.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}
