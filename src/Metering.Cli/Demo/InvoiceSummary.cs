using System.Globalization;
using Metering.Cli.Output;
using Metering.Domain.Invoices;
using Spectre.Console;

namespace Metering.Cli.Demo;

/// <summary>The table the demo ends with: the latest revision of every invoice, what it bills and for how much.</summary>
public static class InvoiceSummary
{
    /// <summary>Writes the table of <paramref name="invoices"/> (latest revisions).</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<Invoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(invoices);
        var table = new Table().Title("Invoices")
            .AddColumns("Contract", "Template", "Tenants", "Window", "Rev")
            .AddColumn(new TableColumn("Quantity").RightAligned())
            .AddColumn(new TableColumn("Amount").RightAligned())
            .AddColumn(new TableColumn("Late events").RightAligned());
        foreach (var invoice in invoices.OrderBy(i => i.Contract.Id.Value, StringComparer.Ordinal).ThenBy(i => i.Window.Id, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(invoice.Contract.Id.Value),
                Markup.Escape(invoice.Template.Name),
                Markup.Escape(string.Join(", ", invoice.Tenants.Select(t => t.Value))),
                Markup.Escape(invoice.Window.Id),
                invoice.Revision.ToString(CultureInfo.InvariantCulture),
                invoice.Figures.Quantity.ToString("N0", CultureInfo.InvariantCulture),
                invoice.Charges is { } charges ? Markup.Escape(Amount(charges)) : "[grey]figures only[/]",
                invoice.LateEventTotal.ToString("N0", CultureInfo.InvariantCulture));
        }

        Consoles.Write(console, table);
    }

    private static string Amount(Domain.Commercial.Charges charges) => $"{charges.Currency.Format(charges.Total)} {charges.Currency.Code}";
}
