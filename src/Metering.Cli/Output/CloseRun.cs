using Metering.Pipeline.Closing;
using NodaTime;

namespace Metering.Cli.Output;

/// <summary>One run of <c>metering close</c>: the instant it closed as of, what it scheduled and what the closes did.</summary>
/// <param name="AsOf">The instant of the schedule step and of every close.</param>
/// <param name="Scheduled">The windows enqueued and the contracts that could not be scheduled.</param>
/// <param name="Drained">Each close handled and each that failed.</param>
public sealed record CloseRun(Instant AsOf, ScheduledClose Scheduled, DrainReport Drained);
