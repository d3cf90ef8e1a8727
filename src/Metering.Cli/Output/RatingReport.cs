using System.Globalization;
using System.Text.Json;
using Metering.Domain.Commercial;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Pipeline.Rating;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;

namespace Metering.Cli.Output;

/// <summary>What <c>metering rate</c> prints (docs/rating.md): a table for people, or JSON (<c>--json</c>).</summary>
public static class RatingReport
{
    /// <summary>Writes the rating as a table, with the totals per currency under it.</summary>
    public static void WriteTable(IAnsiConsole console, ContractRating rating)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(rating);
        var compared = rating.ComparedWith is not null;
        var table = new Table().AddColumns("Window", "Version");
        table.AddColumn(new TableColumn("Quantity").RightAligned()).AddColumn(new TableColumn("Total").RightAligned());
        if (compared)
        {
            table.AddColumn("Published")
                .AddColumn(new TableColumn("Quantity").RightAligned())
                .AddColumn(new TableColumn("Total").RightAligned())
                .AddColumn(new TableColumn("Difference").RightAligned());
        }

        foreach (var window in rating.Windows)
        {
            var row = new List<string>
            {
                window.WindowId,
                window.Rated is { } rated ? rated.Contract.Version.ToString(CultureInfo.InvariantCulture) : "-",
                Quantity(window.Rated),
                Money(window.Rated?.Charges),
            };
            if (compared)
            {
                row.Add(window.Published is { } published ? $"r{published.Revision}" : "-");
                row.Add(Quantity(window.Published));
                row.Add(Money(window.Published?.Charges));
                row.Add(Difference(window));
            }

            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        Consoles.Write(console, table);
        foreach (var total in Totals(rating))
        {
            console.WriteLine(compared
                ? FormattableString.Invariant($"Total {total.Currency.Code}: {total.Currency.Format(total.Rated)} rated, {total.Currency.Format(total.Published)} published, difference {Signed(total.Currency, total.Rated - total.Published)}.")
                : FormattableString.Invariant($"Total {total.Currency.Code}: {total.Currency.Format(total.Rated)}."));
        }

        console.WriteLine(FormattableString.Invariant($"{rating.Windows.Count(w => w.Rated is not null)} window(s) of {rating.Contract} rated as of {InstantPattern.ExtendedIso.Format(rating.AsOf)}; nothing was written."));
    }

    /// <summary>
    /// Writes the rating as JSON: per window the rated invoice's <c>measurement</c> and <c>commercial</c> exactly as the
    /// close would publish them, the published revision's beside them, the difference, and the totals per currency.
    /// </summary>
    public static async Task WriteJsonAsync(TextWriter writer, ContractRating rating)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rating);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("contract", rating.Contract.Value);
            w.WriteNullableString("comparedWith", rating.ComparedWith?.Value);
            w.WriteString("asOf", InstantPattern.ExtendedIso.Format(rating.AsOf));
            // A bound not given is open (the command fills it with NodaTime's first or last date): null, not year -9998.
            w.WriteNullableString("from", rating.Range is { } from && from.Start != LocalDate.MinIsoValue ? LocalDatePattern.Iso.Format(from.Start) : null);
            w.WriteNullableString("to", rating.Range is { } to && to.End != LocalDate.MaxIsoValue ? LocalDatePattern.Iso.Format(to.End) : null);
            w.WriteStartArray("windows");
            foreach (var window in rating.Windows)
            {
                w.WriteStartObject();
                w.WriteString("window", window.WindowId);
                w.WriteString("first", LocalDatePattern.Iso.Format(window.Days.Start));
                w.WriteString("last", LocalDatePattern.Iso.Format(window.Days.End));
                WriteSide(w, "rated", window.Rated);
                WriteSide(w, "published", window.Published);
                if (window.Rated is { } rated && window.Published is { } published)
                {
                    w.WriteStartObject("difference");
                    w.WriteNumber("quantity", rated.Figures.Quantity - published.Figures.Quantity);
                    var amount = AmountDifference(rated, published);
                    w.WriteNullableString("currency", amount is null ? null : rated.Charges!.Currency.Code);
                    w.WriteNullableString("amount", amount is { } change ? rated.Charges!.Currency.Format(change) : null);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("difference");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("totals");
            foreach (var total in Totals(rating))
            {
                w.WriteStartObject();
                w.WriteString("currency", total.Currency.Code);
                w.WriteString("rated", total.Currency.Format(total.Rated));
                w.WriteNullableString("published", rating.ComparedWith is null ? null : total.Currency.Format(total.Published));
                w.WriteNullableString("difference", rating.ComparedWith is null ? null : total.Currency.Format(total.Rated - total.Published));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Per currency, the sum of the rated totals and of the published totals, ordered by code.</summary>
    public static IReadOnlyList<(Currency Currency, decimal Rated, decimal Published)> Totals(ContractRating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        var sums = new SortedDictionary<string, (Currency Currency, decimal Rated, decimal Published)>(StringComparer.Ordinal);
        foreach (var window in rating.Windows)
        {
            if (window.Rated?.Charges is { } rated)
            {
                var sum = sums.GetValueOrDefault(rated.Currency.Code, (Currency: rated.Currency, Rated: 0m, Published: 0m));
                sums[rated.Currency.Code] = sum with { Rated = sum.Rated + rated.WindowAmount };
            }

            if (window.Published?.Charges is { } published)
            {
                var sum = sums.GetValueOrDefault(published.Currency.Code, (Currency: published.Currency, Rated: 0m, Published: 0m));
                sums[published.Currency.Code] = sum with { Published = sum.Published + published.WindowAmount };
            }
        }

        return [.. sums.Values];
    }

    private static decimal? AmountDifference(Invoice rated, Invoice published) =>
        rated.Charges is { } a && published.Charges is { } b && a.Currency.Code == b.Currency.Code ? a.WindowAmount - b.WindowAmount : null;

    // The invoice's own sections, byte for byte as InvoiceJson writes them, so a rating of an unchanged contract can be
    // compared with the published revision.
    private static void WriteSide(Utf8JsonWriter w, string name, Invoice? invoice)
    {
        if (invoice is null)
        {
            w.WriteNull(name);
            return;
        }

        using var document = JsonDocument.Parse(InvoiceJson.Write(invoice));
        var root = document.RootElement;
        w.WriteStartObject(name);
        if (name == "published")
        {
            w.WriteNumber("revision", invoice.Revision);
            w.WriteString("invoiceId", invoice.InvoiceId);
        }

        w.WriteNumber("version", invoice.Contract.Version);
        w.WriteString("template", invoice.Template.Name);
        w.WriteNumber("quantity", invoice.Figures.Quantity);
        w.WritePropertyName("measurement");
        root.GetProperty("measurement").WriteTo(w);
        w.WritePropertyName("commercial");
        root.GetProperty("commercial").WriteTo(w);

        // The window's money: the invoice's total, or under progressive billing what its statements billed (the invoice
        // itself totals 0).
        w.WriteNullableString("windowAmount", invoice.Charges is { } charges ? charges.Currency.Format(charges.WindowAmount) : null);
        w.WritePropertyName("anomalies");
        root.GetProperty("anomalies").WriteTo(w);
        w.WriteEndObject();
    }

    private static string Quantity(Invoice? invoice) => invoice?.Figures.Quantity.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    private static string Money(Charges? charges) => charges is null ? "-" : $"{charges.Currency.Format(charges.WindowAmount)} {charges.Currency.Code}";

    private static string Difference(RatedWindow window)
    {
        if (window.Rated is not { } rated || window.Published is not { } published)
        {
            return "-";
        }

        var quantity = (rated.Figures.Quantity - published.Figures.Quantity).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
        return AmountDifference(rated, published) is { } amount ? $"{quantity} / {Signed(rated.Charges!.Currency, amount)} {rated.Charges.Currency.Code}" : quantity;
    }

    private static string Signed(Currency currency, decimal amount) => amount > 0 ? "+" + currency.Format(amount) : currency.Format(amount);
}
