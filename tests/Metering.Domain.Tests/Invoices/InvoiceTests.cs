using System.Globalization;
using System.Text;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Invoices;

public sealed class InvoiceTests
{
    [Theory]
    [InlineData("acme-lms", "2025-03-01_2025-03-31", 1, "acme-lms.2025-03-01_2025-03-31.r1")]
    [InlineData("acme-lms", "2024-02-29_2025-02-27", 12, "acme-lms.2024-02-29_2025-02-27.r12")]
    public void Invoice_Id_Derives_From_Contract_Window_And_Revision(string contract, string window, int revision, string expected)
    {
        Assert.Equal(expected, Invoice.IdFor(ContractId.Parse(contract), window, revision));
    }

    [Fact]
    public void Revision_Numbers_Start_At_One()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Invoice.IdFor(ContractId.Parse("c"), "2025-03-01_2025-03-31", 0));
    }

    [Fact]
    public async Task A_Draft_Is_Revision_One_Of_The_Governing_Version()
    {
        var invoice = InvoiceSamples.Invoice(version: 2, quantity: 130, trueForward: InvoiceSamples.TrueForward(12, 7));

        Assert.Equal(1, invoice.Revision);
        Assert.Null(invoice.Supersedes);
        Assert.Null(invoice.Delta);
        Assert.Empty(invoice.LateEvents);
        Assert.Equal("acme", invoice.BillingTenant.Value);
        Assert.Equal(new ContractReference(ContractId.Parse("acme-meetings"), "ACME Meetings – Ñandú GmbH", 2, new LocalDate(2025, 3, 1)), invoice.Contract);
        Assert.Equal("flex-true-forward", invoice.Template.Name);
        Assert.Equal(["base 1300.00", "true-forward 840.00"], invoice.Charges!.Lines.Select(l => $"{l.Code} {invoice.Charges.Currency.Format(l.Amount)}"));
        Assert.Equal(2140.00m, invoice.Charges.Total);
        await InvoiceSchema.AssertValidAsync(InvoiceJson.Write(invoice));
    }

    /// <summary>
    /// Rows: a <c>provisioned-accounts</c> version's commercial terms, the peak measured, the invoice's named figures and
    /// its lines (<c>code quantity × unit price = amount</c>, or "figures only" when nothing is priced). Seats and minimum
    /// commitments are figures whether or not they are priced; money lines only come with prices.
    /// </summary>
    public static TheoryData<string, string?, long, string, string> Commitments => new()
    {
        {
            "3 seats bought, no price, 4 provisioned: 3 included and 1 over, no money",
            """{ "includedUnits": 3 }""", 4,
            "peak-active-users 4, included-units 3, overage-units 1", "figures only"
        },
        {
            "3 seats bought, no price, 2 provisioned: 3 included and none over",
            """{ "includedUnits": 3 }""", 2,
            "peak-active-users 2, included-units 3, overage-units 0", "figures only"
        },
        {
            "a minimum of 5, no price, 4 provisioned: 5 billed",
            """{ "minimumQuantity": 5 }""", 4,
            "peak-active-users 4, minimum-quantity 5, billed-units 5", "figures only"
        },
        {
            "a minimum of 5, no price, 6 provisioned: 6 billed",
            """{ "minimumQuantity": 5 }""", 6,
            "peak-active-users 6, minimum-quantity 5, billed-units 6", "figures only"
        },
        {
            "3 seats and a minimum of 5, no price, 4 provisioned: 5 billed, 2 over",
            """{ "includedUnits": 3, "minimumQuantity": 5 }""", 4,
            "peak-active-users 4, minimum-quantity 5, billed-units 5, included-units 3, overage-units 2", "figures only"
        },
        {
            "3 seats bought at 5.00, 4 provisioned: the same figures, and the lines",
            """{ "currency": "EUR", "unitPrice": "5.00", "includedUnits": 3 }""", 4,
            "peak-active-users 4, included-units 3, overage-units 1", "base 3 × 5.00 = 15.00; overage 1 × 5.00 = 5.00; total 20.00"
        },
        {
            "a minimum of 5 at 2.00, 4 provisioned: the same figures, and 5 billed",
            """{ "currency": "EUR", "unitPrice": "2.00", "minimumQuantity": 5 }""", 4,
            "peak-active-users 4, minimum-quantity 5, billed-units 5", "base 5 × 2.00 = 10.00; total 10.00"
        },
        {
            "a unit price and no commitment: no commitment figures",
            """{ "currency": "EUR", "unitPrice": "5.00" }""", 4,
            "peak-active-users 4", "base 4 × 5.00 = 20.00; total 20.00"
        },
        {
            "no commercial terms: the rule's figures only",
            null, 4,
            "peak-active-users 4", "figures only"
        },
    };

    [Theory]
    [MemberData(nameof(Commitments))]
    public async Task A_Draft_Shows_Seats_And_Minimums_As_Figures_Priced_Or_Not(string clause, string? commercial, long peak, string figures, string lines)
    {
        var contract = ContractReader.Read($$"""
            { "id": "acme-knowbe4", "tenants": ["acme"], "term": { "start": "2025-11-01", "end": "2026-10-31" },
              "versions": [{ "version": 1, "effective": "2025-11-01", "template": "provisioned-accounts"{{(commercial is null ? string.Empty : ", \"commercial\": " + commercial)}} }] }
            """).Contract!;
        var window = new BillingWindow(WindowSchemeKind.CalendarMonth, new DateInterval(new LocalDate(2025, 11, 1), new LocalDate(2025, 11, 30)), DateTimeZone.Utc, [], null, false);
        var measurement = InvoiceSamples.Measurement(peak) with { Figures = [new NamedFigure("peak-active-users", peak)] };

        var invoice = Invoice.Draft(contract, contract.Versions[0], window, measurement, EvidenceFile.Build([]).Reference("e.ndjson"), InvoiceSamples.GeneratedAt);

        Assert.Equal(peak, invoice.Figures.Quantity);
        Assert.Equal(figures, string.Join(", ", invoice.Figures.Named.Select(f => $"{f.Name} {f.Value.ToString(CultureInfo.InvariantCulture)}")));
        Assert.Equal(lines, invoice.Charges is { } charges
            ? string.Join("; ", charges.Lines.Select(l => $"{l.Code} {l.Quantity} × {l.UnitPrice.ToString(CultureInfo.InvariantCulture)} = {charges.Currency.Format(l.Amount)}").Append($"total {charges.Currency.Format(charges.Total)}"))
            : "figures only");
        var json = InvoiceJson.Write(invoice);
        Assert.Equal(invoice.Charges is null, Encoding.UTF8.GetString(json).Contains("\"commercial\": null", StringComparison.Ordinal));
        await InvoiceSchema.AssertValidAsync(json);
        _ = clause;
    }
}
