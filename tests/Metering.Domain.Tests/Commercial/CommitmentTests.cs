using Metering.Domain.Commercial;
using Metering.Domain.Contracts;

namespace Metering.Domain.Tests.Commercial;

/// <summary>
/// Seats purchased and minimum commitments in units are figures of the invoice, priced or not (SPEC 5: "seats
/// purchased, overage = peak - seats"; "minimum commitments"). Billed units are the measured units, or the minimum
/// quantity when that is more; overage units are billed units over the included units, never below 0.
/// </summary>
public sealed class CommitmentTests
{
    /// <summary>Rows: the clause, included units, minimum quantity, measured units, and the invoice figures it states.</summary>
    public static TheoryData<string, long?, long?, long, string> Clauses => new()
    {
        { "3 seats purchased, 4 measured: 1 over", 3, null, 4, "included-units 3, overage-units 1" },
        { "3 seats purchased, 3 measured: none over", 3, null, 3, "included-units 3, overage-units 0" },
        { "3 seats purchased, 2 measured: none over, the 3 seats stay bought", 3, null, 2, "included-units 3, overage-units 0" },
        { "no seat purchased, 5 measured: all 5 over", 0, null, 5, "included-units 0, overage-units 5" },
        { "a minimum of 100 units, 80 measured: 100 billed", null, 100, 80, "minimum-quantity 100, billed-units 100" },
        { "a minimum of 100 units, 100 measured: 100 billed", null, 100, 100, "minimum-quantity 100, billed-units 100" },
        { "a minimum of 100 units, 120 measured: 120 billed", null, 100, 120, "minimum-quantity 100, billed-units 120" },
        { "a minimum of 0 units, 7 measured: 7 billed", null, 0, 7, "minimum-quantity 0, billed-units 7" },
        { "10 seats and a minimum of 15, 3 measured: 15 billed, 5 over", 10, 15, 3, "minimum-quantity 15, billed-units 15, included-units 10, overage-units 5" },
        { "10 seats and a minimum of 15, 15 measured: 15 billed, 5 over", 10, 15, 15, "minimum-quantity 15, billed-units 15, included-units 10, overage-units 5" },
        { "10 seats and a minimum of 15, 20 measured: 20 billed, 10 over", 10, 15, 20, "minimum-quantity 15, billed-units 20, included-units 10, overage-units 10" },
        { "10 seats and a minimum of 5, 3 measured: 5 billed, none over", 10, 5, 3, "minimum-quantity 5, billed-units 5, included-units 10, overage-units 0" },
        { "10 seats and a minimum of 5, 12 measured: 12 billed, 2 over", 10, 5, 12, "minimum-quantity 5, billed-units 12, included-units 10, overage-units 2" },
    };

    [Theory]
    [MemberData(nameof(Clauses))]
    public void Commitment_Figures_Follow_The_Clause(string clause, long? included, long? minimum, long measured, string expected)
    {
        var commitment = Commitment.Of(measured, new CommercialTerms { IncludedUnits = included, MinimumQuantity = minimum });

        Assert.NotNull(commitment);
        Assert.Equal(expected, string.Join(", ", commitment.Figures().Select(f => $"{f.Name} {f.Value}")));
        Assert.Equal(measured, commitment.MeasuredUnits);
        Assert.Equal(commitment.BilledUnits > measured, commitment.MinimumApplies);
        _ = clause;
    }

    [Theory]
    [InlineData("EUR", "4.50")]
    [InlineData(null, null)]
    public void Terms_Without_Included_Units_Or_Minimum_Quantity_State_No_Commitment(string? currency, string? unitPrice)
    {
        var terms = new CommercialTerms
        {
            Currency = currency,
            UnitPrice = unitPrice is null ? null : decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture),
            PerUserFee = currency is null ? null : 1m,
            MinimumAmount = currency is null ? null : 100m,
        };

        Assert.Null(Commitment.Of(7, terms));
    }

    [Fact]
    public void A_Measurement_Is_Never_Negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Commitment.Of(-1, new CommercialTerms { IncludedUnits = 3 }));
    }
}
