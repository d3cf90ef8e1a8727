using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Pipeline.Closing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering close [--as-of INSTANT]</c>: the close as the Functions app runs it, on one machine: the schedule step
/// at the clock's instant (the global <c>--as-of</c>, else now) enqueues every due window that was never closed, was
/// amended or received late events since, then the queue is drained to the end, each window closed and published.
/// A close that failed on storage exits 3 (running it again completes it: revisions are write-once and a published
/// revision is found again); a close that failed otherwise exits 1.
/// </summary>
public static class CloseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command(
            "close",
            "Close every due window as of --as-of (default: now): schedule, then drain the close queue; print what was written.")
        {
            json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "close", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var asOf = services.GetRequiredService<IClock>().GetCurrentInstant();
            var scheduled = await services.GetRequiredService<CloseScheduler>().ScheduleAsync(asOf, cancellationToken);
            var drained = parseResult.GetValue(json)
                ? await services.GetRequiredService<CloseWorker>().DrainAsync(cancellationToken)
                : await CloseProgress.DrainAsync(environment, Consoles.For(environment), services.GetRequiredService<CloseWorker>(), scheduled.Requested.Count, cancellationToken);
            var report = new CloseRun(asOf, scheduled, drained);

            foreach (var problem in scheduled.Problems)
            {
                await environment.Error.WriteLineAsync($"warning: {problem}");
            }

            foreach (var failure in drained.Failures)
            {
                await environment.Error.WriteLineAsync(
                    $"error: closing {failure.Request.Contract}/{failure.Request.Target} failed{(failure.Poisoned ? " and was given up" : string.Empty)}: {failure.Error}");
            }

            if (parseResult.GetValue(json))
            {
                await CloseReport.WriteJsonAsync(environment.Out, report);
            }
            else
            {
                CloseReport.WriteTable(Consoles.For(environment), report);
            }

            return ExitCode(drained);
        }, cancellationToken));
        return command;
    }

    // A bug outranks a storage failure: running again cures the second, not the first.
    private static int ExitCode(DrainReport drained) =>
        drained.Failures.Any(f => !OnStorage(f.Cause)) ? ExitCodes.Unexpected
        : drained.Failures.Count > 0 ? ExitCodes.StorageFailed
        : ExitCodes.Success;

    // A close reads no file of the user's: a broken connection (IOException) can only be storage's.
    private static bool OnStorage(Exception? cause) => cause is IOException || (cause is not null && CommandFailures.IsStorageFailure(cause));
}
