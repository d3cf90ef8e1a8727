using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metering.Cli.Serve;

/// <summary>
/// The background worker of <c>metering serve</c> that drains the close queue with <see cref="CloseWorker"/>, as the
/// Functions queue trigger does: whenever the schedule step woke it, else every
/// <see cref="ServeOptions.QueuePollInterval"/>. On shutdown it finishes the close in hand and takes no other; that
/// close is cancelled only when the host's shutdown timeout runs out (the queue message then reappears and another
/// run closes the window: closing is idempotent).
/// </summary>
public sealed partial class CloseQueueLoop(ICloseQueue queue, WindowCloser closer, ServeOptions options, ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ILogger _logger = loggers.CreateLogger<CloseQueueLoop>();
    private Task _loop = Task.CompletedTask;

    /// <summary>Asks the worker to look at the queue now.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await using var registration = cancellationToken.Register(() => _abort.Cancel());
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var worker = new CloseWorker(new StoppingCloseQueue(queue, stopping), closer, loggers.CreateLogger<CloseWorker>());
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var report = await worker.DrainAsync(_abort.Token);
                if (report.Outcomes.Count > 0 || report.Failures.Count > 0)
                {
                    LogDrained(_logger, report.Outcomes.Count(o => o.Status == CloseStatus.Written), report.Outcomes.Count, report.Failures.Count);
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
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
