using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Closing;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering statements show TENANT CONTRACT WINDOW PERIOD [--revision N]</c>: writes one statement revision's JSON
/// to standard output byte for byte as stored (the newest unless <c>--revision</c> names one). A period or revision that
/// does not exist is the user's input: exit 2 naming what does exist.
/// </summary>
public static class StatementsShowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var arguments = new InvoiceRevisionArguments();
        var period = new Argument<string>("PERIOD") { Description = "The period id: its first and last local day, yyyy-MM-dd_yyyy-MM-dd (see 'metering statements list')." };
        var command = new Command("show", "Write one statement revision's JSON to standard output, exactly as stored.");
        arguments.AddTo(command);
        command.Arguments.Add(period);
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "statements show", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var wanted = arguments.Read(parseResult, problems);
            var periodId = parseResult.GetValue(period)!;
            if (!InvoiceRevisionArguments.IsWindowId(periodId))
            {
                problems.Add($"PERIOD: '{periodId}' is not a period id (first and last day, such as 2025-02-28_2025-05-28).");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var store = services.GetRequiredService<IStatementStore>();
            var revisions = await store.ListStatementRevisionsAsync(wanted.Tenant, wanted.Contract, wanted.WindowId, periodId, cancellationToken);
            var chosen = InvoiceRevisionArguments.Choose(
                revisions,
                r => r.Revision,
                wanted.Revision,
                $"{wanted.Tenant}/{wanted.Contract}/{wanted.WindowId}/{periodId}",
                where => $"no statement of {where}: that period was never closed for this tenant, contract and window (see 'metering statements list').");
            var stored = await store.ReadStatementAsync(chosen, cancellationToken)
                ?? throw new InvalidOperationException($"{chosen.BlobName} was listed but is gone.");
            await StandardOutput.WriteAsync(environment, stored.Json, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
