using System.Globalization;
using System.Text.Json;
using Metering.Domain.Closing;
using Metering.Domain.Formats;
using Metering.Domain.Statements;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>One statement revision as listed, with whether it is the newest of its period.</summary>
/// <param name="Revision">Its address.</param>
/// <param name="Statement">The document.</param>
/// <param name="IsLatest">Whether no later revision of the period exists.</param>
public sealed record ListedStatement(StatementRevision Revision, Statement Statement, bool IsLatest);

/// <summary>What <c>metering statements list</c> prints: a table for people, or a JSON array (<c>--json</c>).</summary>
public static class StatementListing
{
    /// <summary>Writes the statements as a table: the period's count, what it bills under progressive billing, and the window's running figures.</summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<ListedStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(statements);
        var table = new Table()
            .AddColumns("Tenant", "Contract", "Window", "Period", "Revision")
            .AddColumn(new TableColumn("Count").RightAligned())
            .AddColumn(new TableColumn("Billed").RightAligned())
            .AddColumns("Figures", "Late events", "Generated at");
        foreach (var item in statements)
        {
            var statement = item.Statement;
            table.AddRow(
                Markup.Escape(item.Revision.Tenant.Value),
                Markup.Escape(item.Revision.Contract.Value),
                item.Revision.WindowId,
                Markup.Escape($"{statement.Period.Label} ({item.Revision.PeriodId})"),
                item.Revision.Revision.ToString(CultureInfo.InvariantCulture) + (item.IsLatest ? " (latest)" : string.Empty),
                statement.Count.ToString("N0", CultureInfo.InvariantCulture),
                statement.Charges is { } charges ? $"{charges.Currency.Format(charges.Total)} {charges.Currency.Code}" : "-",
                Markup.Escape(string.Join(", ", statement.Figures.Skip(1).Select(f => $"{f.Name} {CanonicalJson.Decimal(f.Value)}"))),
                statement.LateEvents.Values.Sum().ToString("N0", CultureInfo.InvariantCulture),
                InstantPattern.ExtendedIso.Format(statement.GeneratedAt));
        }

        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant($"{statements.Count} statement revision(s)."));
    }

    /// <summary>Writes the statements as a JSON array in listing order, each with its figures.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, IReadOnlyList<ListedStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(statements);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var item in statements)
            {
                var statement = item.Statement;
                w.WriteStartObject();
                w.WriteString("tenant", item.Revision.Tenant.Value);
                w.WriteString("contract", item.Revision.Contract.Value);
                w.WriteString("window", item.Revision.WindowId);
                w.WriteString("period", item.Revision.PeriodId);
                w.WriteString("label", statement.Period.Label);
                w.WriteString("kind", StatementKinds.Name(statement.Period.Kind));
                w.WriteNumber("revision", item.Revision.Revision);
                w.WriteBoolean("latest", item.IsLatest);
                w.WriteString("statementId", statement.StatementId);
                w.WriteString("blobName", item.Revision.BlobName);
                w.WriteString("template", statement.Template.Name);
                w.WriteNumber("count", statement.Count);
                w.WriteStartObject("figures");
                foreach (var figure in statement.Figures)
                {
                    w.WriteString(figure.Name, CanonicalJson.Decimal(figure.Value));
                }

                w.WriteEndObject();
                w.WriteNullableString("currency", statement.Charges?.Currency.Code);
                w.WriteNullableString("total", statement.Charges is { } billed ? billed.Currency.Format(billed.Total) : null);
                w.WriteNumber("lateEvents", statement.LateEvents.Values.Sum());
                w.WriteString("generatedAt", InstantPattern.ExtendedIso.Format(statement.GeneratedAt));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
