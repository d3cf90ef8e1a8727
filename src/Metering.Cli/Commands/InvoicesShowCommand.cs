using System.CommandLine;
using System.Globalization;
using System.Text;
using Metering.Cli.Failures;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering invoices show TENANT CONTRACT WINDOW [--revision N]</c>: writes one revision's invoice JSON to standard
/// output byte for byte as stored (the newest revision unless <c>--revision</c> names one). A revision or window that
/// does not exist is the user's input: exit 2 with the revisions that do exist.
/// </summary>
public static class InvoicesShowCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var tenant = new Argument<string>("TENANT") { Description = "The billing tenant (the contract's first tenant)." };
        var contract = new Argument<string>("CONTRACT") { Description = "The contract id." };
        var window = new Argument<string>("WINDOW") { Description = "The window id: first and last local day, yyyy-MM-dd_yyyy-MM-dd (e.g. 2025-03-01_2025-03-31)." };
        var revision = new Option<int?>("--revision") { Description = "The revision (1, 2, ...); default: the newest." };
        var command = new Command("show", "Write one invoice revision's JSON to standard output, exactly as stored.")
        {
            tenant, contract, window, revision,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "invoices show", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var tenantText = parseResult.GetValue(tenant)!;
            var contractText = parseResult.GetValue(contract)!;
            var windowId = parseResult.GetValue(window)!;
            if (!TenantId.TryParse(tenantText, out var tenantId))
            {
                problems.Add($"TENANT: '{tenantText}' is not a tenant id ([a-z0-9][a-z0-9-]{{0,62}}).");
            }

            if (!ContractId.TryParse(contractText, out var contractId))
            {
                problems.Add($"CONTRACT: '{contractText}' is not a contract id ([a-z0-9][a-z0-9-]{{0,62}}).");
            }

            if (!IsWindowId(windowId))
            {
                problems.Add($"WINDOW: '{windowId}' is not a window id (first and last day, such as 2025-03-01_2025-03-31).");
            }

            var wanted = parseResult.GetValue(revision);
            if (wanted is < 1)
            {
                problems.Add("--revision: revisions are numbered from 1.");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var store = services.GetRequiredService<IInvoiceStore>();
            var revisions = await store.ListRevisionsAsync(tenantId!.Value, contractId!.Value, windowId, cancellationToken);
            var where = $"{tenantId}/{contractId}/{windowId}";
            if (revisions.Count == 0)
            {
                throw new InvalidInputException($"no invoice of {where}: that window was never closed for this tenant and contract (see 'metering invoices list').");
            }

            var chosen = wanted is { } number ? revisions.FirstOrDefault(r => r.Revision == number) : revisions[^1];
            if (chosen is null)
            {
                var existing = string.Join(", ", revisions.Select(r => r.Revision.ToString(CultureInfo.InvariantCulture)));
                throw new InvalidInputException($"{where} has no revision {wanted}; its revisions are {existing}.");
            }

            var stored = await store.ReadAsync(chosen, cancellationToken)
                ?? throw new InvalidOperationException($"{chosen.BlobName} was listed but is gone.");
            await WriteAsync(environment, stored.Json, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static bool IsWindowId(string text)
    {
        var parts = text.Split('_');
        return parts.Length == 2
            && LocalDatePattern.Iso.Parse(parts[0]) is { Success: true } first
            && LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } last
            && first.Value <= last.Value
            && text == $"{LocalDatePattern.Iso.Format(first.Value)}_{LocalDatePattern.Iso.Format(last.Value)}";
    }

    // The process writes the stored bytes to its standard output stream; an in-process run (tests) gets the same
    // text through its writer, decoded strictly (an invoice is always UTF-8).
    private static async Task WriteAsync(CliEnvironment environment, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (environment.OpenStandardOutput is { } open)
        {
            await environment.Out.FlushAsync(cancellationToken);
            await using var output = open();
            await output.WriteAsync(json, cancellationToken);
            await output.FlushAsync(cancellationToken);
            return;
        }

        await environment.Out.WriteAsync(StrictUtf8.GetString(json.Span).AsMemory(), cancellationToken);
        await environment.Out.FlushAsync(cancellationToken);
    }
}
