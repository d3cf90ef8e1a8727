using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Invoices;

namespace Metering.Domain.Tests.Commercial;

/// <summary>
/// Every commercial line of every contract the reader accepts can be computed for every quantity up to
/// <see cref="ContractLimits.MaximumUnits"/>; a line that still does not fit a decimal (terms built past the
/// reader, or a quantity far above the limit) fails naming the contract, the window and the field that priced it.
/// </summary>
public sealed class ChargeComputationTests
{
    private const decimal TwentyEightNines = 9999999999999999999999999999m;

    /// <summary>Rows: terms no reader accepts, the measured quantity, the true-forward increase, and the field the failure names.</summary>
    public static TheoryData<string, CommercialTerms, long, long, string> Unpriceable => new()
    {
        {
            "a 28-digit unit price for 1000 Active Users",
            new() { Currency = "EUR", UnitPrice = TwentyEightNines }, 1000, 0, "commercial.unitPrice"
        },
        {
            "a 28-digit unit price for the included units",
            new() { Currency = "EUR", UnitPrice = TwentyEightNines, IncludedUnits = 10 }, 3, 0, "commercial.unitPrice"
        },
        {
            "an overage at the unit price when no overage price is given",
            new() { Currency = "EUR", UnitPrice = 1e27m, IncludedUnits = 1 }, 1000, 0, "commercial.unitPrice"
        },
        {
            "a 28-digit overage price",
            new() { Currency = "EUR", UnitPrice = 1m, IncludedUnits = 10, OverageUnitPrice = TwentyEightNines }, 1000, 0, "commercial.overageUnitPrice"
        },
        {
            "a 28-digit fee per Active User",
            new() { Currency = "KWD", PerUserFee = TwentyEightNines }, 1000, 0, "commercial.perUserFee"
        },
        {
            "lines that fit but whose sum does not, under a minimum amount",
            new() { Currency = "EUR", UnitPrice = 5e28m, PerUserFee = 5e28m, MinimumAmount = 1m }, 1, 0, "commercial.minimumAmount"
        },
        {
            "lines that fit but whose total does not",
            new() { Currency = "EUR", UnitPrice = 5e28m, PerUserFee = 5e28m }, 1, 0, "commercial"
        },
        {
            "a true forward of 10^18 Active Users at 10^11 a year",
            new() { Currency = "USD", AnnualUnitPrice = 100_000_000_000m }, 1, 1_000_000_000_000_000_000, "commercial.annualUnitPrice"
        },
    };

    [Theory]
    [MemberData(nameof(Unpriceable))]
    public void A_Line_That_Does_Not_Fit_A_Decimal_Names_The_Field_That_Priced_It(string clause, CommercialTerms terms, long quantity, long increase, string field)
    {
        var measurement = InvoiceSamples.Measurement(quantity, increase > 0 ? InvoiceSamples.TrueForward(increase, 12) : null);

        var failure = Assert.Throws<ChargeComputationException>(() => Charges.Compute(measurement, TemplateNames.FlexTrueForward, terms));

        Assert.Equal(field, failure.Field);
        Assert.StartsWith(field + ": ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit a decimal amount", failure.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(failure.InnerException);
        _ = clause;
    }

    [Fact]
    public void In_A_Contract_Window_The_Failure_Names_The_Contract_The_Window_And_The_Version_Field()
    {
        var contract = InvoiceSamples.Contract;
        var version = contract.Versions[1] with { Commercial = new CommercialTerms { Currency = "EUR", AnnualUnitPrice = 100_000_000_000m } };
        var window = InvoiceSamples.March2025;

        var failure = Assert.Throws<ChargeComputationException>(() =>
            Charges.Compute(contract, version, window, InvoiceSamples.Measurement(130, InvoiceSamples.TrueForward(1_000_000_000_000_000_000, 12))));

        Assert.Equal(contract.Id, failure.Contract);
        Assert.Equal(window.Id, failure.WindowId);
        Assert.Equal("versions[1].commercial.annualUnitPrice", failure.Field);
        Assert.Equal(
            $"contract acme-meetings, window {window.Id}: versions[1].commercial.annualUnitPrice: the true-forward line 1000000000000000000 × 100000000000 × 12 / 12 does not fit a decimal amount; the window cannot be priced until the contract is amended (docs/contracts.md, Limits).",
            failure.Message);
    }
}
