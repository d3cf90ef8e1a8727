using System.CommandLine;
using Metering.Cli.Contracts;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Contracts;
using Metering.Pipeline.Rating;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering rate --contract FILE [--from DATE] [--to DATE] [--compare CONTRACT] [--json]</c>: what-if rating
/// (docs/rating.md). Reads one contract document that is not applied, validates it exactly as <c>contracts apply</c>
/// does (every problem listed, exit 2), measures every window of it due as of now (or <c>--as-of</c>) that lies inside
/// the range over stored activity with the close's own code, and prints per window the figures, the lines and the
/// total it would bill, and the totals; with <c>--compare</c>, beside what an applied contract's latest revisions
/// billed. Nothing is written to storage.
/// </summary>
public static class RateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var contract = new Option<FileInfo>("--contract")
        {
            Description = "A contract document (docs/contracts.md) that is not applied: a draft, a renewal, or an amendment of an applied contract (same id, a later version).",
            Required = true,
        };
        var from = new Option<string?>("--from") { Description = "Only windows starting on or after this day (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Only windows ending on or before this day (yyyy-MM-dd)." };
        var compare = new Option<string?>("--compare") { Description = "An applied contract's id: set each window beside the latest revision it published, with the difference." };
        var json = new Option<bool>("--json") { Description = "Print the rating as JSON." };
        var command = new Command("rate", "Rate a contract that is not applied over stored activity (what-if), writing nothing.")
        {
            contract, from, to, compare, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "rate", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var first = GlobalOptions.ParseDay(parseResult.GetValue(from), "--from", problems);
            var last = GlobalOptions.ParseDay(parseResult.GetValue(to), "--to", problems);
            if (first is { } a && last is { } b && b < a)
            {
                problems.Add($"--to ({b:yyyy-MM-dd}) is before --from ({a:yyyy-MM-dd}).");
            }

            var compareId = GlobalOptions.ParseContract(parseResult.GetValue(compare), "--compare", problems);

            var file = parseResult.GetValue(contract)!;
            Contract? draft = null;
            if (!file.Exists)
            {
                problems.Add($"{file}: no such file.");
            }
            else
            {
                var entries = ContractsFile.Read(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
                if (entries.Count != 1)
                {
                    problems.Add($"{file}: rate takes one contract document; the file holds {entries.Count}.");
                }
                else
                {
                    var entry = entries[0];
                    problems.AddRange(entry.Result.Problems.Select(p => $"{file}: {entry.PathOf(p.Path)}: {p.Message} ({p.Code})"));
                    draft = entry.Result.Contract;
                }
            }

            if (problems.Count > 0 || draft is null)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var asOf = services.GetRequiredService<IClock>().GetCurrentInstant();
            var range = first is null && last is null ? null : new DateInterval(first ?? LocalDate.MinIsoValue, last ?? LocalDate.MaxIsoValue);
            ContractRating rating;
            try
            {
                rating = await services.GetRequiredService<ContractRater>().RateAsync(draft, range, asOf, compareId, cancellationToken);
            }
            catch (RatingException e)
            {
                throw new InvalidInputException([.. e.Problems.Select(p => $"{file}: {p}")]);
            }

            if (parseResult.GetValue(json))
            {
                await RatingReport.WriteJsonAsync(environment.Out, rating);
            }
            else
            {
                RatingReport.WriteTable(Consoles.For(environment), rating);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
