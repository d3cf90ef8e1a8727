using Metering.Pipeline.Closing;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace Metering.Functions;

/// <summary>The schedule step of the close, on the NCRONTAB schedule of the <c>CloseSchedule</c> setting.</summary>
public sealed class CloseScheduleFunction(CloseScheduler scheduler, IClock clock)
{
    /// <summary>Enqueues every window that is due, late or amended.</summary>
    [Function("close-schedule")]
    public Task RunAsync([TimerTrigger("%CloseSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.ScheduleAsync(clock.GetCurrentInstant(), cancellationToken);
}
