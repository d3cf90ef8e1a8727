using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering invoices list [--tenant T] [--contract C] [--latest] [--json]</c>: every published revision (a
/// revision is never overwritten, so the list is the audit trail), ordered by tenant, contract, window and revision,
/// with its billed quantity and total; <c>--latest</c> keeps only the newest revision of each window (what is owed
/// now).
/// </summary>
public static class InvoicesListCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var tenant = new Option<string?>("--tenant") { Description = "Only invoices billed to this tenant." };
        var contract = new Option<string?>("--contract") { Description = "Only invoices of this contract." };
        var latest = new Option<bool>("--latest") { Description = "Only the newest revision of each window." };
        var json = new Option<bool>("--json") { Description = "Print the list as JSON." };
        var command = new Command("list", "List the published invoice revisions (all of them, or --latest of each window).")
        {
            tenant, contract, latest, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "invoices list", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var tenantId = GlobalOptions.ParseTenant(parseResult.GetValue(tenant), "--tenant", problems);
            var contractId = GlobalOptions.ParseContract(parseResult.GetValue(contract), "--contract", problems);

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var store = services.GetRequiredService<IInvoiceStore>();
            var revisions = new List<InvoiceRevision>();
            await foreach (var revision in store.ListAsync(tenantId, contractId, cancellationToken))
            {
                revisions.Add(revision);
            }

            var newest = revisions
                .GroupBy(r => (r.Tenant, r.Contract, r.WindowId))
                .ToDictionary(g => g.Key, g => g.Max(r => r.Revision));
            var listed = new List<ListedInvoice>();
            foreach (var revision in revisions)
            {
                var isLatest = newest[(revision.Tenant, revision.Contract, revision.WindowId)] == revision.Revision;
                if (parseResult.GetValue(latest) && !isLatest)
                {
                    continue;
                }

                // Listed a moment ago; a revision is never deleted by the pipeline, so a miss is someone else's doing.
                var stored = await store.ReadAsync(revision, cancellationToken)
                    ?? throw new InvalidOperationException($"{revision.BlobName} was listed but is gone.");
                listed.Add(new ListedInvoice(revision, InvoiceJson.Read(stored.Json), isLatest));
            }

            if (parseResult.GetValue(json))
            {
                await InvoiceListing.WriteJsonAsync(environment.Out, listed);
            }
            else
            {
                InvoiceListing.WriteTable(Consoles.For(environment), listed);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
