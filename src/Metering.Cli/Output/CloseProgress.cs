using Metering.Domain.Closing;
using Metering.Pipeline.Closing;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>
/// Drains the close queue with a progress bar on a terminal (<c>close</c>, the demo's closing): a close of hundreds of
/// windows takes minutes, and a silent terminal looks like a hang. Output that is not a terminal gets nothing, so that
/// what programs read stays the report alone.
/// </summary>
public static class CloseProgress
{
    /// <summary>Drains <paramref name="worker"/>'s queue, showing <paramref name="expected"/> windows' progress on a terminal.</summary>
    public static async Task<DrainReport> DrainAsync(CliEnvironment environment, IAnsiConsole console, CloseWorker worker, int expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(worker);
        if (!environment.IsTerminal || expected == 0)
        {
            return await worker.DrainAsync(cancellationToken);
        }

        DrainReport? report = null;
        await console.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask($"Closing {expected} window(s)", maxValue: expected);
            report = await worker.DrainAsync(new Handled(task), cancellationToken);
        });
        return report!;
    }

    private sealed class Handled(ProgressTask task) : IProgress<CloseRequest>
    {
        public void Report(CloseRequest value) => task.Increment(1);
    }
}
