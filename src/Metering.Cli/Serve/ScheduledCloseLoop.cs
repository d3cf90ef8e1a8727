using Metering.Hosting.Scheduling;
using Metering.Pipeline.Closing;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Cli.Serve;

/// <summary>
/// The timer of <c>metering serve</c>: at each occurrence of the close schedule, read on the injected clock, runs the
/// schedule step (<see cref="CloseScheduler"/>) as of that clock's instant and wakes the queue worker. Occurrences
/// missed while a step ran or the process slept are not run one by one: the next step looks at every due window,
/// which covers them (the Functions timer also runs a past-due occurrence once). A failed step is logged and left
/// to the next occurrence; a step in progress at shutdown is finished.
/// </summary>
public sealed partial class ScheduledCloseLoop(
    CloseScheduler scheduler, CloseQueueLoop worker, IClock clock, ServeOptions options, ILogger<ScheduledCloseLoop> logger) : ServeLoop
{
    /// <summary>The next occurrence the loop waits for, or null when it stopped or the schedule has none.</summary>
    public Instant? NextOccurrence { get; private set; }

    /// <inheritdoc />
    protected override void OnStarting() => NextOccurrence = options.Schedule.NextAfter(clock.GetCurrentInstant());

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        while (!stopping.IsCancellationRequested && NextOccurrence is { } next)
        {
            var now = clock.GetCurrentInstant();
            if (now < next)
            {
                var wait = (next - now).ToTimeSpan();
                try
                {
                    await Task.Delay(wait < options.ClockPollInterval ? wait : options.ClockPollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            try
            {
                var scheduled = await scheduler.ScheduleAsync(now, abort);
                LogScheduled(logger, now, scheduled.Requested.Count);
                foreach (var problem in scheduled.Problems)
                {
                    LogProblem(logger, problem);
                }

                worker.Wake();
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e, now);
            }

            NextOccurrence = options.Schedule.NextAfter(now);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Close schedule ran as of {AsOf}: {Count} window(s) enqueued.")]
    private static partial void LogScheduled(ILogger logger, Instant asOf, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contract not scheduled: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The close schedule step as of {AsOf} failed; the next occurrence tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, Instant asOf);
}
