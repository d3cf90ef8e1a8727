using CsCheck;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Invoices;

namespace Metering.Domain.Tests.Commercial;

public sealed class ChargesTests
{
    /// <summary>Rows: the terms, the measured quantity, the expected lines (<c>code quantity × unit price = amount</c>) and total.</summary>
    public static TheoryData<string, CommercialTerms, long, string, string> Rows => new()
    {
        {
            "unit price only: 130 Active Users at 4.50",
            new() { Currency = "EUR", UnitPrice = 4.50m }, 130,
            "base 130 × 4.50 = 585.00", "585.00"
        },
        {
            "500 seats purchased at 4.50, 530 used: 30 over at 6.00",
            new() { Currency = "EUR", UnitPrice = 4.50m, IncludedUnits = 500, OverageUnitPrice = 6.00m }, 530,
            "base 500 × 4.50 = 2250.00; overage 30 × 6.00 = 180.00", "2430.00"
        },
        {
            "500 seats purchased, 480 used: the committed base is billed, no overage",
            new() { Currency = "EUR", UnitPrice = 4.50m, IncludedUnits = 500, OverageUnitPrice = 6.00m }, 480,
            "base 500 × 4.50 = 2250.00", "2250.00"
        },
        {
            "no overage price: overage at the unit price",
            new() { Currency = "EUR", UnitPrice = 4.50m, IncludedUnits = 500 }, 510,
            "base 500 × 4.50 = 2250.00; overage 10 × 4.50 = 45.00", "2295.00"
        },
        {
            "allowed users without a base price: only the overage is charged",
            new() { Currency = "GBP", IncludedUnits = 200, OverageUnitPrice = 3.333m }, 203,
            "overage 3 × 3.333 = 10.00", "10.00"
        },
        {
            "minimum commitment of 100 units, 80 measured: 100 billed",
            new() { Currency = "USD", UnitPrice = 2.00m, MinimumQuantity = 100 }, 80,
            "base 100 × 2.00 = 200.00", "200.00"
        },
        {
            "minimum commitment of 100 units, 120 measured: 120 billed",
            new() { Currency = "USD", UnitPrice = 2.00m, MinimumQuantity = 100 }, 120,
            "base 120 × 2.00 = 240.00", "240.00"
        },
        {
            "minimum units push usage over the included seats",
            new() { Currency = "USD", UnitPrice = 1m, IncludedUnits = 10, OverageUnitPrice = 2m, MinimumQuantity = 15 }, 3,
            "base 10 × 1 = 10.00; overage 5 × 2 = 10.00", "20.00"
        },
        {
            "minimum amount of 1000.00, usage 45.00: adjustment of 955.00",
            new() { Currency = "EUR", UnitPrice = 4.50m, MinimumAmount = 1000m }, 10,
            "base 10 × 4.50 = 45.00; minimum-adjustment 1 × 955.00 = 955.00", "1000.00"
        },
        {
            "minimum amount equal to usage: no adjustment line of 0.00",
            new() { Currency = "EUR", UnitPrice = 4.50m, MinimumAmount = 45m }, 10,
            "base 10 × 4.50 = 45.00", "45.00"
        },
        {
            "minimum amount below usage: no adjustment",
            new() { Currency = "EUR", UnitPrice = 4.50m, MinimumAmount = 10m }, 10,
            "base 10 × 4.50 = 45.00", "45.00"
        },
        {
            "minimum amount and nothing else priced",
            new() { Currency = "CHF", MinimumAmount = 99.995m }, 10,
            "minimum-adjustment 1 × 100.00 = 100.00", "100.00"
        },
        {
            "fee per Active User in a three-digit currency",
            new() { Currency = "KWD", PerUserFee = 1.125m }, 3,
            "per-user-fee 3 × 1.125 = 3.375", "3.375"
        },
        {
            "fee per Active User in a currency without minor unit, half away from zero",
            new() { Currency = "JPY", PerUserFee = 99.5m }, 3,
            "per-user-fee 3 × 99.5 = 299", "299"
        },
        {
            "the per-user fee counts measured users, not the minimum",
            new() { Currency = "EUR", UnitPrice = 1m, MinimumQuantity = 50, PerUserFee = 0.10m }, 20,
            "base 50 × 1 = 50.00; per-user-fee 20 × 0.10 = 2.00", "52.00"
        },
        {
            "each line is rounded, then summed: 0.005 + 0.005 is 0.02, not 0.01",
            new() { Currency = "EUR", UnitPrice = 0.0025m, PerUserFee = 0.0025m }, 2,
            "base 2 × 0.0025 = 0.01; per-user-fee 2 × 0.0025 = 0.01", "0.02"
        },
        {
            "a currency and no price: an invoice priced at zero",
            new() { Currency = "EUR" }, 7,
            "", "0.00"
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Lines_Follow_The_Commercial_Terms(string clause, CommercialTerms terms, long quantity, string expectedLines, string expectedTotal)
    {
        var charges = Charges.Compute(InvoiceSamples.Measurement(quantity), TemplateNames.FlexibleSeats, terms)!;

        Assert.Equal(expectedLines, string.Join("; ", charges.Lines.Select(l => $"{l.Code} {l.Quantity} × {l.UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture)} = {charges.Currency.Format(l.Amount)}")));
        Assert.Equal(expectedTotal, charges.Currency.Format(charges.Total));
        Assert.Equal(charges.Total, charges.Lines.Sum(l => l.Amount));
        _ = clause;
    }

    [Theory]
    [InlineData(12, 7, "120.00", "840.00")]
    [InlineData(12, 12, "120.00", "1440.00")]
    [InlineData(1, 1, "100.00", "8.33")]
    [InlineData(5, 11, "99.99", "458.29")]
    [InlineData(3, 6, "0.01", "0.02")]
    [InlineData(40, 0, "120.00", "0.00")]
    public void True_Forward_Is_Prorated_Over_The_Whole_Months_Left(long increase, int monthsRemaining, string annualPrice, string expected)
    {
        var terms = new CommercialTerms { Currency = "EUR", AnnualUnitPrice = decimal.Parse(annualPrice, System.Globalization.CultureInfo.InvariantCulture) };
        var measurement = InvoiceSamples.Measurement(500, InvoiceSamples.TrueForward(increase, monthsRemaining));

        var charges = Charges.Compute(measurement, TemplateNames.FlexTrueForward, terms)!;

        var line = Assert.Single(charges.Lines);
        Assert.Equal(LineCode.TrueForward, line.Code);
        Assert.Equal(increase, line.Quantity);
        Assert.Equal(monthsRemaining, line.ProratedMonths);
        Assert.Equal(expected, charges.Currency.Format(line.Amount));
    }

    [Fact]
    public void A_True_Forward_Without_Increase_Has_No_Line()
    {
        var terms = new CommercialTerms { Currency = "EUR", AnnualUnitPrice = 120m };

        var charges = Charges.Compute(InvoiceSamples.Measurement(90, InvoiceSamples.TrueForward(0, 7)), TemplateNames.FlexTrueForward, terms)!;

        Assert.Empty(charges.Lines);
    }

    [Fact]
    public void Lines_Bill_The_Units_Of_The_Commitment()
    {
        Gen.Select(Gen.Long[0, 1000], Gen.Long[0, 1000].Nullable(), Gen.Long[0, 1000].Nullable()).Sample((measured, included, minimum) =>
        {
            var terms = new CommercialTerms { Currency = "EUR", UnitPrice = 1m, IncludedUnits = included, OverageUnitPrice = included is null ? null : 2m, MinimumQuantity = minimum };
            var commitment = Commitment.Of(measured, terms);

            var charges = Charges.Compute(InvoiceSamples.Measurement(measured), TemplateNames.FlexibleSeats, terms)!;

            var quantities = charges.Lines.ToDictionary(l => l.Code, l => l.Quantity);
            if (commitment is { IncludedUnits: { } seats, OverageUnits: { } overage })
            {
                Assert.Equal(seats, quantities[LineCode.Base]);
                Assert.Equal(overage > 0 ? overage : (long?)null, quantities.TryGetValue(LineCode.Overage, out var charged) ? charged : null);
            }
            else
            {
                Assert.Equal(commitment?.BilledUnits ?? measured, quantities[LineCode.Base]);
                Assert.DoesNotContain(LineCode.Overage, quantities.Keys);
            }
        });
    }

    [Fact]
    public void No_Commercial_Terms_Means_Figures_Only()
    {
        Assert.Null(Charges.Compute(InvoiceSamples.Measurement(130), TemplateNames.MonthlyActive, CommercialTerms.None));
    }

    [Fact]
    public void Every_Amount_Has_Exactly_The_Minor_Unit_Digits()
    {
        Gen.Select(Gen.Long[0, 100_000], Gen.Decimal[0m, 1000m], Gen.Int[0, 2].Select(i => new[] { "EUR", "JPY", "KWD" }[i])).Sample((quantity, price, code) =>
        {
            var charges = Charges.Compute(InvoiceSamples.Measurement(quantity), TemplateNames.MonthlyActive, new CommercialTerms { Currency = code, UnitPrice = price })!;
            var line = Assert.Single(charges.Lines);
            Assert.Equal(charges.Currency.Round(quantity * price), line.Amount);
            Assert.Equal(charges.Currency.MinorDigits, line.Amount.Scale);
        });
    }
}
