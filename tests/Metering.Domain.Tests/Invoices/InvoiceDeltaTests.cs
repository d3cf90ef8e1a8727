using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Testing;

namespace Metering.Domain.Tests.Invoices;

public sealed class InvoiceDeltaTests
{
    /// <summary>Rows: quantity on the superseded revision, quantity now, and the expected quantity, base/overage and total deltas (previous → current, change).</summary>
    [Theory]
    [InlineData(103, 110, "103 → 110 (7)", "18.38 → 61.25 (42.87)", "468.38 → 511.25 (42.87)")]
    [InlineData(110, 103, "110 → 103 (-7)", "61.25 → 18.38 (-42.87)", "511.25 → 468.38 (-42.87)")]
    [InlineData(103, 100, "103 → 100 (-3)", "18.38 → – (-18.38)", "468.38 → 450.00 (-18.38)")]
    [InlineData(100, 101, "100 → 101 (1)", "– → 6.13 (6.13)", "450.00 → 456.13 (6.13)")]
    public async Task Delta_States_Previous_Current_And_Change_Per_Figure_And_Amount(long before, long after, string quantity, string overage, string total)
    {
        var previous = InvoiceSamples.Invoice(version: 1, quantity: before);
        var current = InvoiceSamples.Invoice(version: 1, quantity: after).Supersede(previous, ImmutableSortedDictionary<NodaTime.LocalDate, long>.Empty);

        var delta = current.Delta!;
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(current));

        Assert.Equal("EUR", delta.Currency!.Value.Code);
        Assert.Equal(quantity, Show(delta.Figures.Single(e => e.Name == "quantity"), f => f.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(overage, Show(delta.Amounts.Single(e => e.Name == "lines.overage"), a => delta.Currency.Value.Format(a)));
        Assert.Equal(total, Show(delta.Amounts.Single(e => e.Name == "total"), a => delta.Currency.Value.Format(a)));
        Assert.Equal(0m, delta.Amounts.Single(e => e.Name == "lines.base").Change);
    }

    [Fact]
    public async Task Delta_Lists_Every_Figure_Of_Both_Revisions()
    {
        var previous = InvoiceSamples.Invoice(version: 2, quantity: 130, trueForward: InvoiceSamples.TrueForward(12, 7));
        var current = InvoiceSamples.Invoice(version: 2, quantity: 131).Supersede(previous, ImmutableSortedDictionary<NodaTime.LocalDate, long>.Empty);

        Assert.Equal(
            [
                "quantity", "figures.average-active-users",
                "subWindows.2024-02-29_2024-05-28", "subWindows.2025-03-16_2025-03-31",
                "dimensions.cloud", "dimensions.on-premises",
                "trueForward.minimumAfter", "trueForward.increase",
            ],
            current.Delta!.Figures.Select(e => e.Name));
        var increase = current.Delta.Figures.Single(e => e.Name == "trueForward.increase");
        Assert.Equal((12m, (decimal?)null, -12m), (increase.Previous!.Value, increase.Current, increase.Change));
        Assert.Equal(["lines.base", "lines.true-forward", "total"], current.Delta.Amounts.Select(e => e.Name));
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(current));
    }

    [Fact]
    public async Task Delta_Lists_The_Commitment_Figures()
    {
        // 100 seats bought: 99 measured are none over, 103 are 3 over.
        var previous = InvoiceSamples.Invoice(version: 1, quantity: 99);
        var current = InvoiceSamples.Invoice(version: 1, quantity: 103).Supersede(previous, ImmutableSortedDictionary<NodaTime.LocalDate, long>.Empty);

        var figures = current.Delta!.Figures.Where(e => e.Name is "figures.included-units" or "figures.overage-units");

        Assert.Equal(
            ["figures.included-units 100 → 100 (0)", "figures.overage-units 0 → 3 (3)"],
            figures.Select(e => $"{e.Name} {Show(e, f => f.ToString(CultureInfo.InvariantCulture))}"));
        var text = Encoding.UTF8.GetString(InvoiceJson.Write(current));
        Assert.Contains("\"name\": \"figures.overage-units\",\n        \"previous\": \"0\",\n        \"current\": \"3\",\n        \"change\": \"3\"", text, StringComparison.Ordinal);
        Assert.Equal(current.Delta.Figures.AsEnumerable(), InvoiceJson.Read(InvoiceJson.Write(current)).Delta!.Figures.AsEnumerable());
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(current));
    }

    [Fact]
    public async Task A_Revision_Supersedes_The_Previous_One_And_Is_Valid_Under_The_Schema()
    {
        var first = InvoiceSamples.Invoice(version: 1, quantity: 103);
        var late = ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(new NodaTime.LocalDate(2025, 3, 30), 2L), KeyValuePair.Create(new NodaTime.LocalDate(2025, 3, 31), 5L)]);

        var second = InvoiceSamples.Invoice(version: 1, quantity: 104).Supersede(first, late);
        var third = InvoiceSamples.Invoice(version: 1, quantity: 102).Supersede(second, ImmutableSortedDictionary<NodaTime.LocalDate, long>.Empty);

        Assert.Equal((2, "acme-meetings.2025-03-01_2025-03-31.r2"), (second.Revision, second.InvoiceId));
        Assert.Equal(new Supersession(1, "acme-meetings.2025-03-01_2025-03-31.r1"), second.Supersedes);
        Assert.Equal(7, second.LateEventTotal);
        Assert.Equal(new Supersession(2, second.InvoiceId), third.Supersedes);
        Assert.Equal(-2m, third.Delta!.Figures[0].Change);
        var text = Encoding.UTF8.GetString(InvoiceJson.Write(second));
        Assert.Contains("\"2025-03-31\": 5", text, StringComparison.Ordinal);
        Assert.Contains("\"total\": 7", text, StringComparison.Ordinal);
        foreach (var invoice in new[] { first, second, third })
        {
            await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(invoice));
        }
    }

    [Fact]
    public async Task Delta_Of_Unpriced_Invoices_Has_No_Amounts()
    {
        var previous = InvoiceSamples.Invoice(version: 3, quantity: 7);
        var current = InvoiceSamples.Invoice(version: 3, quantity: 9).Supersede(previous, ImmutableSortedDictionary<NodaTime.LocalDate, long>.Empty);

        Assert.Null(current.Delta!.Currency);
        Assert.Empty(current.Delta.Amounts);
        Assert.Equal(2m, current.Delta.Figures[0].Change);
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(current));
    }

    private static string Show(DeltaEntry entry, Func<decimal, string> format) =>
        $"{(entry.Previous is { } p ? format(p) : "–")} → {(entry.Current is { } c ? format(c) : "–")} ({format(entry.Change)})";
}
