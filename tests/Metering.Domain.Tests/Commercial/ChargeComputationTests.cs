using System.Globalization;
using CsCheck;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Invoices;
using Metering.Domain.Windows;

namespace Metering.Domain.Tests.Commercial;

/// <summary>
/// Every commercial line of every contract the reader accepts can be computed for every quantity up to
/// <see cref="ContractLimits.MaximumUnits"/>; a line that still does not fit a decimal (terms built past the
/// reader, or a quantity far above the limit) fails naming the contract, the window and the field that priced it.
/// </summary>
public sealed class ChargeComputationTests
{
    private const decimal TwentyEightNines = 9999999999999999999999999999m;

    private static readonly string[] Currencies = [.. Currency.Known.Select(c => c.Code)];

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

    [Fact]
    public void Every_Contract_The_Reader_Accepts_Prices_Every_Quantity_Up_To_The_Maximum()
    {
        var accepted = 0;
        var terms = Gen.Select(Gen.Int[0, Currencies.Length - 1], Optional(Money), Optional(Units), Optional(Money), Optional(Units), Optional(Money), Optional(Money), Optional(Money));
        var flex = Gen.Bool;
        var usage = Gen.Select(Quantity, Quantity, Gen.Int[0, 12 * (ContractLimits.MaximumTermYears - 1)]);
        Gen.Select(terms, flex, usage).Sample((t, isFlex, u) =>
        {
            var (currency, unitPrice, includedUnits, overagePrice, minimumQuantity, minimumAmount, perUserFee, annualUnitPrice) = t;
            var (quantity, increase, monthsLeft) = u;
            var fields = new List<string> { $"\"currency\": \"{Currencies[currency]}\"" };
            Add(fields, "unitPrice", unitPrice);
            Add(fields, "includedUnits", includedUnits, number: true);
            Add(fields, "overageUnitPrice", includedUnits is null ? null : overagePrice);
            Add(fields, "minimumQuantity", minimumQuantity, number: true);
            Add(fields, "minimumAmount", minimumAmount);
            Add(fields, "perUserFee", perUserFee);
            Add(fields, "annualUnitPrice", isFlex ? annualUnitPrice : null);
            var template = isFlex ? "\"flex-true-forward\", \"parameters\": { \"knowledgeWorkers\": 1000000000, \"migratedActiveUsers\": 0 }" : "\"flexible-seats\"";
            var document = $$"""
                { "id": "acme-priced", "tenants": ["acme"], "term": { "start": "2024-01-01", "end": "2043-12-31" },
                  "versions": [{ "version": 1, "effective": "2024-01-01", "template": {{template}}, "commercial": { {{string.Join(", ", fields)}} } }] }
                """;

            var read = ContractReader.Read(document);
            if (!read.IsValid)
            {
                Assert.Contains(read.Problems, p => p.Code == ContractProblemCode.OutOfRange || p.Code == ContractProblemCode.InvalidValue);
                return;
            }

            Interlocked.Increment(ref accepted);
            var contract = read.Contract!;
            var scheduled = ContractCalendar.WindowsOf(contract, InvoiceSamples.Madrid)[0];
            var measurement = InvoiceSamples.Measurement(quantity, new TrueForwardResult(0, increase, [], 0, 0, increase, increase, monthsLeft));

            var charges = Charges.Compute(contract, scheduled.Version, scheduled.Window, measurement)!;

            Assert.Equal(charges.Total, charges.Lines.Sum(l => l.Amount));
            Assert.All(charges.Lines, l => Assert.Equal(charges.Currency.MinorDigits, l.Amount.Scale));
        });

        Assert.True(accepted > 0, "the generator never produced a contract the reader accepts");
    }

    /// <summary>Prices as contracts write them: anything up to twice the bound, the bound's neighbours, and the 28 nines.</summary>
    private static Gen<string> Money { get; } = Gen.Frequency(
        (6, Gen.Decimal[0m, 2 * ContractLimits.MoneyBound].Select(d => d.ToString(CultureInfo.InvariantCulture))),
        (3, Gen.Select(Gen.Long[0, 999_999_999_999], Gen.Int[0, 999_999]).Select((whole, fraction) => string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction:D6}"))),
        (1, Gen.OneOf(
            Gen.Const("0"),
            Gen.Const("999999999999.999999"),
            Gen.Const("999999999999.9999999999999999"),
            Gen.Const("1000000000000"),
            Gen.Const("9999999999999999999999999999"),
            Gen.Const("0.0000000000000000000000000001"))));

    /// <summary>Counts: anything up to twice the limit, and the limit's neighbours.</summary>
    private static Gen<string> Units { get; } = Gen.Frequency(
        (3, Gen.Long[0, 2 * ContractLimits.MaximumUnits].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(Gen.Const("0"), Gen.Const("1000000000"), Gen.Const("1000000001"), Gen.Const("9223372036854775807"))));

    /// <summary>Measured quantities and true-forward increases the limits guarantee, the maximum itself often.</summary>
    private static Gen<long> Quantity { get; } = Gen.Frequency(
        (3, Gen.Long[0, ContractLimits.MaximumUnits]),
        (1, Gen.Const(ContractLimits.MaximumUnits)));

    private static Gen<string?> Optional(Gen<string> value) =>
        Gen.Frequency((1, Gen.Const((string?)null)), (3, value.Select(v => (string?)v)));

    private static void Add(List<string> fields, string name, string? value, bool number = false)
    {
        if (value is not null)
        {
            fields.Add(number ? $"\"{name}\": {value}" : $"\"{name}\": \"{value}\"");
        }
    }
}
