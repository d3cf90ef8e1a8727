using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Commercial;

/// <summary>
/// What a version's commitments in units make of a measured quantity (docs/invoices.md, "Commitment figures"): the
/// units billed under a minimum commitment (<see cref="CommercialTerms.MinimumQuantity"/>) and the units over the seats
/// purchased (<see cref="CommercialTerms.IncludedUnits"/>). They are figures, priced or not: a contract that buys 3 seats
/// without a price still shows the 3 seats and the overage on its invoice, and <see cref="Charges"/> prices these same
/// billed and overage units when there are prices.
/// </summary>
/// <param name="MeasuredUnits">The quantity the rule measured.</param>
/// <param name="MinimumQuantity">The minimum commitment in units, when the terms state one.</param>
/// <param name="BilledUnits">The measured units, or <paramref name="MinimumQuantity"/> when that is more.</param>
/// <param name="IncludedUnits">The seats purchased (Active Users allowed), when the terms state them.</param>
/// <param name="OverageUnits">With included units: billed units minus included units, never below 0; otherwise null.</param>
public sealed record Commitment(long MeasuredUnits, long? MinimumQuantity, long BilledUnits, long? IncludedUnits, long? OverageUnits)
{
    /// <summary>The figure of <see cref="MinimumQuantity"/> on an invoice.</summary>
    public const string MinimumQuantityFigure = "minimum-quantity";

    /// <summary>The figure of <see cref="BilledUnits"/> on an invoice (with a minimum quantity only).</summary>
    public const string BilledUnitsFigure = "billed-units";

    /// <summary>The figure of <see cref="IncludedUnits"/> on an invoice.</summary>
    public const string IncludedUnitsFigure = "included-units";

    /// <summary>The figure of <see cref="OverageUnits"/> on an invoice.</summary>
    public const string OverageUnitsFigure = "overage-units";

    /// <summary>
    /// The commitment of <paramref name="terms"/> over <paramref name="measuredUnits"/>; null when the terms state
    /// neither included units nor a minimum quantity. Included units and the minimum quantity are stated when given,
    /// 0 included.
    /// </summary>
    public static Commitment? Of(long measuredUnits, CommercialTerms terms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(measuredUnits);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.IncludedUnits is null && terms.MinimumQuantity is null)
        {
            return null;
        }

        var billed = terms.MinimumQuantity is { } minimum && minimum > measuredUnits ? minimum : measuredUnits;
        long? overage = terms.IncludedUnits is { } included ? Math.Max(0, billed - included) : null;
        return new Commitment(measuredUnits, terms.MinimumQuantity, billed, terms.IncludedUnits, overage);
    }

    /// <summary>Whether the minimum commitment, not the measurement, sets the billed units.</summary>
    public bool MinimumApplies => BilledUnits > MeasuredUnits;

    /// <summary>
    /// The commitment as invoice figures, in the order of the computation: <c>minimum-quantity</c> and
    /// <c>billed-units</c> when a minimum quantity is stated, <c>included-units</c> and <c>overage-units</c> when
    /// included units are. The measured units are the rule's own figure and are not repeated.
    /// </summary>
    public ImmutableArray<NamedFigure> Figures()
    {
        var figures = ImmutableArray.CreateBuilder<NamedFigure>(4);
        if (MinimumQuantity is { } minimum)
        {
            figures.Add(new NamedFigure(MinimumQuantityFigure, minimum));
            figures.Add(new NamedFigure(BilledUnitsFigure, BilledUnits));
        }

        if (IncludedUnits is { } included)
        {
            figures.Add(new NamedFigure(IncludedUnitsFigure, included));
            figures.Add(new NamedFigure(OverageUnitsFigure, OverageUnits ?? 0));
        }

        return figures.ToImmutable();
    }
}
