using System.CommandLine;
using System.Text;
using System.Text.Json;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Metering.Cli.Reporting;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering report [--tenant T] [--contract C] [--from DATE] [--to DATE] --out DIR [--json]</c> (docs/report.md):
/// writes the usage report as static HTML, an index and one page per billing tenant, with the evidence file of each
/// window's latest revision beside them, checked against its invoice, for download. The pages open without a network.
/// </summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var tenant = new Option<string?>("--tenant") { Description = "Only this billing tenant." };
        var contract = new Option<string?>("--contract") { Description = "Only this contract." };
        var from = new Option<string?>("--from") { Description = "Only windows that end on or after this day (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Only windows that start on or before this day (yyyy-MM-dd)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write the report into (created if missing).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON." };
        var command = new Command("report", "Write the usage report: charts and tables of every published window, revision and dead letter, as self-contained HTML.")
        {
            tenant, contract, from, to, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "report", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var tenantId = GlobalOptions.ParseTenant(parseResult.GetValue(tenant), "--tenant", problems);
            var contractId = GlobalOptions.ParseContract(parseResult.GetValue(contract), "--contract", problems);
            var range = Range(parseResult.GetValue(from), parseResult.GetValue(to), problems);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            var folder = parseResult.GetValue(output)!;
            PrepareFolder(folder);
            await using var services = GlobalOptions.Services(settings, environment);
            var invoices = services.GetRequiredService<IInvoiceStore>();
            var now = services.GetRequiredService<IClock>().GetCurrentInstant();
            var report = await UsageReport.ReadAsync(invoices, services.GetRequiredService<IDeadLetterStore>(), tenantId, contractId, range, now, cancellationToken);
            var written = await WriteFilesAsync(report, invoices, folder, cancellationToken);
            var windows = report.Tenants.Sum(t => t.Contracts.Sum(c => c.Windows.Length));
            if (parseResult.GetValue(json))
            {
                await StandardOutput.WriteJsonAsync(environment, async (stream, token) =>
                {
                    await using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                    w.WriteStartObject();
                    w.WriteString("folder", folder.FullName);
                    w.WriteString("index", Path.Combine(folder.FullName, "index.html"));
                    w.WriteStartArray("tenants");
                    foreach (var (id, page) in written.Pages)
                    {
                        w.WriteStartObject();
                        w.WriteString("tenant", id);
                        w.WriteString("page", page);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("windows", windows);
                    w.WriteNumber("evidenceFiles", written.EvidenceFiles);
                    w.WriteEndObject();
                    await w.FlushAsync(token);
                }, cancellationToken);
            }
            else
            {
                await environment.Out.WriteLineAsync(FormattableString.Invariant(
                    $"Report written to {Path.Combine(folder.FullName, "index.html")}: {written.Pages.Count} tenant page(s), {windows} window(s), {written.EvidenceFiles} evidence file(s)."));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>The href of a revision's evidence copy, relative to the pages.</summary>
    public static string EvidencePath(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return "evidence/" + invoice.Evidence.BlobName;
    }

    /// <summary>
    /// Writes <paramref name="report"/> into <paramref name="folder"/>: the index, a page per billing tenant, and each
    /// window's latest evidence file, checked against its invoice (what <c>report</c> and the demo write).
    /// </summary>
    public static async Task<(List<(string Tenant, string Page)> Pages, int EvidenceFiles)> WriteFilesAsync(UsageReport report, IInvoiceStore invoices, DirectoryInfo folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(folder);
        folder.Create();
        var pages = new List<(string, string)>();
        var evidenceFiles = 0;
        foreach (var tenant in report.Tenants)
        {
            foreach (var window in tenant.Contracts.SelectMany(c => c.Windows))
            {
                var latest = window.Latest;
                var path = Path.GetFullPath(Path.Combine(folder.FullName, EvidencePath(latest).Replace('/', Path.DirectorySeparatorChar)));
                if (!path.StartsWith(Path.Combine(folder.FullName, "evidence") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The evidence name '{latest.Evidence.BlobName}' of {latest.InvoiceId} leads outside the report's folder.");
                }

                var where = $"{latest.BillingTenant}/{latest.Contract.Id}/{latest.Window.Id} revision {latest.Revision}";
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                try
                {
                    await using var file = File.Create(path);
                    await EvidenceCheck.CopyCheckedAsync(invoices, latest.Evidence, where, file, cancellationToken);
                }
                catch (EvidenceMismatchException)
                {
                    // A file that does not match its invoice is not offered for download.
                    File.Delete(path);
                    throw;
                }

                evidenceFiles++;
            }

            var page = Path.Combine(folder.FullName, TenantPage(tenant.Tenant.Value));
            await using (var writer = new StreamWriter(page, append: false, new UTF8Encoding(false)))
            {
                HtmlReport.WriteTenant(writer, report, tenant, EvidencePath, "index.html");
            }

            pages.Add((tenant.Tenant.Value, page));
        }

        await using (var writer = new StreamWriter(Path.Combine(folder.FullName, "index.html"), append: false, new UTF8Encoding(false)))
        {
            HtmlReport.WriteIndex(writer, report, TenantPage);
        }

        return (pages, evidenceFiles);
    }

    /// <summary>
    /// Creates <paramref name="folder"/> when missing and checks that a file can be written in it, before anything is
    /// read: a path that is a file, or a folder that cannot be written, is the user's input (exit 2), not a failure
    /// halfway through the report.
    /// </summary>
    private static void PrepareFolder(DirectoryInfo folder)
    {
        try
        {
            folder.Create();
            var probe = Path.Combine(folder.FullName, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--out {folder.FullName}: not a folder the report can be written into ({e.Message})", e);
        }
    }

    /// <summary>A tenant's page file name, <c>tenant-{id}.html</c> (a tenant id is safe in a file name, and the prefix keeps a tenant named <c>index</c> off the index).</summary>
    public static string TenantPage(string tenant) => "tenant-" + tenant + ".html";

    /// <summary>The days <c>--from</c> and <c>--to</c> (or <c>from</c>, <c>to</c> query parameters) give, or null for every window.</summary>
    public static DateInterval? Range(string? fromText, string? toText, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var first = GlobalOptions.ParseDay(fromText, "from", problems);
        var last = GlobalOptions.ParseDay(toText, "to", problems);
        if (first is { } a && last is { } b && b < a)
        {
            problems.Add("to is before from.");
            return null;
        }

        return first is null && last is null ? null : new DateInterval(first ?? LocalDate.MinIsoValue, last ?? LocalDate.MaxIsoValue);
    }
}
