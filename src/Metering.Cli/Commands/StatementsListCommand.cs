using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Closing;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering statements list [--tenant T] [--contract C] [--window W] [--latest] [--json]</c>: every published
/// statement revision, ordered by tenant, contract, window, period and revision, with its count and the window's running
/// figure so far; <c>--latest</c> keeps the newest revision of each period.
/// </summary>
public static class StatementsListCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var tenant = new Option<string?>("--tenant") { Description = "Only statements of this billing tenant." };
        var contract = new Option<string?>("--contract") { Description = "Only statements of this contract." };
        var window = new Option<string?>("--window") { Description = "Only statements of this window (yyyy-MM-dd_yyyy-MM-dd)." };
        var latest = new Option<bool>("--latest") { Description = "Only the newest revision of each period." };
        var json = new Option<bool>("--json") { Description = "Print the list as JSON." };
        var command = new Command("list", "List the published statement revisions (all of them, or --latest of each period).")
        {
            tenant, contract, window, latest, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "statements list", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var tenantId = GlobalOptions.ParseTenant(parseResult.GetValue(tenant), "--tenant", problems);
            var contractId = GlobalOptions.ParseContract(parseResult.GetValue(contract), "--contract", problems);
            var windowId = parseResult.GetValue(window);
            if (windowId is not null && !InvoiceRevisionArguments.IsWindowId(windowId))
            {
                problems.Add($"--window: '{windowId}' is not a window id (first and last day, such as 2025-01-01_2025-12-31).");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var store = services.GetRequiredService<IStatementStore>();
            var revisions = new List<StatementRevision>();
            await foreach (var revision in store.ListStatementsAsync(tenantId, contractId, cancellationToken))
            {
                if (windowId is null || revision.WindowId == windowId)
                {
                    revisions.Add(revision);
                }
            }

            var newest = revisions
                .GroupBy(r => (r.Tenant, r.Contract, r.WindowId, r.PeriodId))
                .ToDictionary(g => g.Key, g => g.Max(r => r.Revision));
            var listed = new List<ListedStatement>();
            foreach (var revision in revisions)
            {
                var isLatest = newest[(revision.Tenant, revision.Contract, revision.WindowId, revision.PeriodId)] == revision.Revision;
                if (parseResult.GetValue(latest) && !isLatest)
                {
                    continue;
                }

                var stored = await store.ReadStatementAsync(revision, cancellationToken)
                    ?? throw new InvalidOperationException($"{revision.BlobName} was listed but is gone.");
                listed.Add(new ListedStatement(revision, StatementJson.Read(stored.Json), isLatest));
            }

            if (parseResult.GetValue(json))
            {
                await StatementListing.WriteJsonAsync(environment.Out, listed);
            }
            else
            {
                StatementListing.WriteTable(Consoles.For(environment), listed);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
