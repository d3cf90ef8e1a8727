using System.Globalization;
using System.Text.Json;
using Metering.Domain.Formats;
using Metering.Pipeline.Closing;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>
/// The summary <c>metering close</c> prints: one row per close handled (contract, kind <c>invoice</c> or
/// <c>statement</c>, window, statement period, reason, status written/unchanged/skipped/failed, revision, quantity
/// (billed, or the statement's count), total (a statement has one under progressive billing)), ordered by contract,
/// window, then a window's statements before its
/// invoice; a table for people or JSON (<c>--json</c>) for programs.
/// </summary>
public static class CloseReport
{
    /// <summary>Status of a close that threw (it stays queued, or was given up).</summary>
    public const string Failed = "failed";

    /// <summary>Writes the run as a table.</summary>
    public static void WriteTable(IAnsiConsole console, CloseRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var table = new Table()
            .AddColumns("Contract", "Kind", "Window", "Period", "Reason", "Status", "Revision")
            .AddColumn(new TableColumn("Quantity").RightAligned())
            .AddColumn(new TableColumn("Total").RightAligned())
            .AddColumn("Detail");
        var rows = Rows(run);
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Contract),
                row.Kind,
                row.Window,
                row.PeriodLabel is { } label ? $"{Markup.Escape(label)} ({row.Period})" : row.Period ?? "-",
                row.Reason,
                row.Status,
                row.Revision?.ToString(CultureInfo.InvariantCulture) ?? "-",
                row.Quantity?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                row.Total is { } total ? $"{total} {row.Currency}" : "-",
                Markup.Escape(row.Detail ?? string.Empty));
        }

        console.WriteLine($"Close as of {InstantPattern.ExtendedIso.Format(run.AsOf)}");
        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant(
            $"{run.Scheduled.Requested.Count} close(s) scheduled ({run.Scheduled.Requested.Count(r => r.PeriodId is not null)} statement(s)); {Count(rows, "written")} written, {Count(rows, "unchanged")} unchanged, {Count(rows, "skipped")} skipped, {Count(rows, Failed)} failed."));
    }

    /// <summary>Writes the run as one JSON object.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, CloseRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("asOf", InstantPattern.ExtendedIso.Format(run.AsOf));
            w.WriteNumber("scheduled", run.Scheduled.Requested.Count);
            w.WriteStartArray("closes");
            foreach (var row in Rows(run))
            {
                w.WriteStartObject();
                w.WriteString("contract", row.Contract);
                w.WriteString("kind", row.Kind);
                w.WriteString("window", row.Window);
                w.WriteNullableString("period", row.Period);
                w.WriteNullableString("periodLabel", row.PeriodLabel);
                w.WriteString("reason", row.Reason);
                w.WriteString("status", row.Status);
                w.WriteNullableNumber("revision", row.Revision);
                w.WriteNullableString("invoiceId", row.InvoiceId);
                w.WriteNullableString("statementId", row.StatementId);
                w.WriteNullableNumber("quantity", row.Quantity);
                w.WriteNullableString("currency", row.Currency);
                w.WriteNullableString("total", row.Total);
                w.WriteNullableString("detail", row.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("problems");
            foreach (var problem in run.Scheduled.Problems)
            {
                w.WriteStringValue(problem);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static IReadOnlyList<Row> Rows(CloseRun run)
    {
        var rows = run.Drained.Outcomes.Select(o => new Row(
            o.Request.Contract.Value,
            o.Request.Kind,
            o.Request.WindowId,
            o.Request.PeriodId,
            o.Statement?.Period.Label,
            o.Request.Reason,
            Status(o.Status),
            o.Revision?.Revision ?? o.StatementRevision?.Revision,
            o.Invoice?.InvoiceId,
            o.Statement?.StatementId,
            o.Invoice?.Figures.Quantity ?? o.Statement?.Count,
            (o.Invoice?.Charges ?? o.Statement?.Charges)?.Currency.Code,
            (o.Invoice?.Charges ?? o.Statement?.Charges) is { } charges ? charges.Currency.Format(charges.Total) : null,
            o.Detail));
        var failures = run.Drained.Failures.Select(f => new Row(
            f.Request.Contract.Value, f.Request.Kind, f.Request.WindowId, f.Request.PeriodId, null, f.Request.Reason, Failed, null, null, null, null, null, null,
            f.Poisoned ? $"given up: {f.Error}" : f.Error));
        return
        [
            .. rows.Concat(failures)
                .OrderBy(r => r.Contract, StringComparer.Ordinal)
                .ThenBy(r => r.Window, StringComparer.Ordinal)
                .ThenBy(r => r.Period is null)
                .ThenBy(r => r.Period, StringComparer.Ordinal),
        ];
    }

    private static string Status(CloseStatus status) => status switch
    {
        CloseStatus.Written => "written",
        CloseStatus.Unchanged => "unchanged",
        CloseStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static int Count(IReadOnlyList<Row> rows, string status) => rows.Count(r => r.Status == status);

    private sealed record Row(
        string Contract,
        string Kind,
        string Window,
        string? Period,
        string? PeriodLabel,
        string Reason,
        string Status,
        int? Revision,
        string? InvoiceId,
        string? StatementId,
        long? Quantity,
        string? Currency,
        string? Total,
        string? Detail);
}
