using System.Globalization;
using System.Text.Json;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>What <c>metering invoices list</c> prints: a table for people, or a JSON array (<c>--json</c>).</summary>
public static class InvoiceListing
{
    /// <summary>Writes the invoices as a table.</summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<ListedInvoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(invoices);
        var table = new Table()
            .AddColumns("Tenant", "Contract", "Window", "Revision", "Version")
            .AddColumn(new TableColumn("Quantity").RightAligned())
            .AddColumn(new TableColumn("Total").RightAligned())
            .AddColumns("Late events", "Generated at");
        foreach (var item in invoices)
        {
            var invoice = item.Invoice;
            table.AddRow(
                item.Revision.Tenant.Value,
                item.Revision.Contract.Value,
                item.Revision.WindowId,
                item.Revision.Revision.ToString(CultureInfo.InvariantCulture) + (item.IsLatest ? " (latest)" : string.Empty),
                invoice.Contract.Version.ToString(CultureInfo.InvariantCulture),
                invoice.Figures.Quantity.ToString("N0", CultureInfo.InvariantCulture),
                invoice.Charges is { } charges ? $"{charges.Currency.Format(charges.Total)} {charges.Currency.Code}" : "-",
                invoice.LateEventTotal.ToString("N0", CultureInfo.InvariantCulture),
                InstantPattern.ExtendedIso.Format(invoice.GeneratedAt));
        }

        Consoles.Write(console, table);
        console.WriteLine(FormattableString.Invariant($"{invoices.Count} revision(s)."));
    }

    /// <summary>Writes the invoices as a JSON array in listing order.</summary>
    public static async Task WriteJsonAsync(TextWriter writer, IReadOnlyList<ListedInvoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(invoices);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var item in invoices)
            {
                var invoice = item.Invoice;
                w.WriteStartObject();
                w.WriteString("tenant", item.Revision.Tenant.Value);
                w.WriteString("contract", item.Revision.Contract.Value);
                w.WriteString("window", item.Revision.WindowId);
                w.WriteNumber("revision", item.Revision.Revision);
                w.WriteBoolean("latest", item.IsLatest);
                w.WriteString("invoiceId", invoice.InvoiceId);
                w.WriteString("blobName", item.Revision.BlobName);
                w.WriteNumber("contractVersion", invoice.Contract.Version);
                w.WriteString("template", invoice.Template.Name);
                w.WriteNumber("quantity", invoice.Figures.Quantity);
                if (invoice.Charges is { } charges)
                {
                    w.WriteString("currency", charges.Currency.Code);
                    w.WriteString("total", charges.Currency.Format(charges.Total));
                }
                else
                {
                    w.WriteNull("currency");
                    w.WriteNull("total");
                }

                w.WriteNumber("lateEvents", invoice.LateEventTotal);
                w.WriteString("generatedAt", InstantPattern.ExtendedIso.Format(invoice.GeneratedAt));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
