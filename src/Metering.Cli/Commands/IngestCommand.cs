using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Events;
using Metering.Hosting.Settings;
using Metering.Pipeline.Ingest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Spectre.Console;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering ingest FILE...</c>: runs the ingest handler over NDJSON files, in batches of <c>--batch-size</c>
/// events cut within each file (a batch never spans two files, so positions name lines of one file, and the same
/// file cuts into the same batches on every run). Rejected events are dead-lettered and counted: they do not fail
/// the command.
/// </summary>
public static class IngestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var files = new Argument<FileInfo[]>("FILE") { Description = "NDJSON files, one CloudEvent per line.", Arity = ArgumentArity.OneOrMore };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Events per batch (default 50,000: large, so that batches are the same across runs).",
            DefaultValueFactory = _ => new MeteringSettings().IngestBatchSize,
        };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("ingest", "Ingest NDJSON files of CloudEvents: record the valid events, dead-letter the others with their reasons.")
        {
            files, batchSize, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "ingest", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems, parseResult.GetValue(batchSize));
            var inputs = parseResult.GetValue(files)!;
            problems.AddRange(inputs.Where(f => !f.Exists).Select(f => $"{f.FullName}: no such file."));
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var handler = services.GetRequiredService<IngestHandler>();
            var clock = services.GetRequiredService<IClock>();
            var console = Consoles.For(environment);
            var asJson = parseResult.GetValue(json);
            var total = IngestResult.Empty;
            if (environment.IsTerminal && !asJson)
            {
                await console.Progress().StartAsync(async progress =>
                {
                    foreach (var input in inputs)
                    {
                        var task = progress.AddTask(Markup.Escape(input.Name), maxValue: Math.Max(1, input.Length));
                        total += await IngestFileAsync(handler, clock, input, settings.IngestBatchSize, read => task.Value = read, cancellationToken);
                        task.Value = task.MaxValue;
                    }
                });
            }
            else
            {
                foreach (var input in inputs)
                {
                    total += await IngestFileAsync(handler, clock, input, settings.IngestBatchSize, _ => { }, cancellationToken);
                }
            }

            if (asJson)
            {
                await IngestReport.WriteJsonAsync(environment.Out, total);
            }
            else
            {
                IngestReport.WriteTable(console, total);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task<IngestResult> IngestFileAsync(
        IngestHandler handler, IClock clock, FileInfo input, int batchSize, Action<long> reportBytesRead, CancellationToken cancellationToken)
    {
        var result = IngestResult.Empty;
        await using var stream = OpenInput(input);
        await using var batches = EventBatchReader.ReadAsync(stream, batchSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextBatchAsync(batches, input))
        {
            // The receipt is taken once per batch, as every host takes it: it decides the future-time check and the blob day.
            result += await handler.HandleAsync(batches.Current, clock.GetCurrentInstant(), cancellationToken);
            reportBytesRead(stream.Position);
        }

        return result;
    }

    private static FileStream OpenInput(FileInfo input)
    {
        try
        {
            return new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{input.FullName}: cannot be read: {e.Message}", e);
        }
    }

    // A failure to read the input is the input's problem (exit 2), not storage's.
    private static async Task<bool> NextBatchAsync(IAsyncEnumerator<IReadOnlyList<RawEvent>> batches, FileInfo input)
    {
        try
        {
            return await batches.MoveNextAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{input.FullName}: cannot be read: {e.Message}", e);
        }
    }
}
