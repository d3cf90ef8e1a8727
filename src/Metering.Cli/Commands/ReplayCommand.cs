using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Ports;
using Metering.Hosting.Settings;
using Metering.Pipeline.Ingest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering replay --from INSTANT --to INSTANT</c>: runs every batch of the raw archive received in
/// [from, to) through the ingest handler again (<see cref="ArchiveReplay"/>), each as of the instant it was
/// received. A batch still recorded writes nothing; after data loss the batch is written again, so the figures
/// come back as they were; a source registered since has its dead-lettered events recorded.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var from = new Option<string>("--from") { Description = "Replay batches received at or after this ISO-8601 instant (e.g. 2025-04-01T00:00:00Z).", Required = true };
        var to = new Option<string>("--to") { Description = "Replay batches received before this ISO-8601 instant.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the summary, and every batch, as JSON." };
        var command = new Command(
            "replay",
            "Ingest the raw archive's batches received in [--from, --to) again, each as of its receipt: nothing changes for a batch still recorded; lost activity is restored.")
        {
            from, to, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "replay", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            if (settings.AsOf is not null)
            {
                problems.Add("--as-of: replay judges each batch as of the instant it was received, not as of another instant.");
            }

            var start = GlobalOptions.ParseInstant(parseResult.GetValue(from)!, "--from", problems);
            var end = GlobalOptions.ParseInstant(parseResult.GetValue(to)!, "--to", problems);
            if (start is { } s && end is { } e && e <= s)
            {
                problems.Add("--to must be after --from.");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var replay = new ArchiveReplay(services.GetRequiredService<IRawArchive>(), services.GetRequiredService<IngestHandler>());
            var received = new Interval(start!.Value, end!.Value);
            var batches = new List<ReplayedBatch>();
            await foreach (var batch in replay.ReplayAsync(received, cancellationToken))
            {
                batches.Add(batch);
            }

            var run = new ReplayRun(received, batches);
            if (parseResult.GetValue(json))
            {
                await ReplayReport.WriteJsonAsync(environment.Out, run);
            }
            else
            {
                ReplayReport.WriteTable(Consoles.For(environment), run);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
