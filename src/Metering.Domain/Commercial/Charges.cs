using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Windows;

namespace Metering.Domain.Commercial;

/// <summary>
/// The commercial lines of one invoice and their total (docs/invoices.md, "Commercial lines"). Each line is rounded half away from
/// zero to the currency's minor unit on its own, and the total is the sum of the rounded lines, so that the
/// lines a customer adds up always make the total.
/// </summary>
/// <param name="Currency">The currency of every amount.</param>
/// <param name="Lines">The lines, in the order base, overage, per-user fee, minimum adjustment, true forward.</param>
/// <param name="Total">The sum of the rounded line amounts.</param>
public sealed record Charges(Currency Currency, ImmutableArray<InvoiceLine> Lines, decimal Total)
{
    private const string UnitPriceField = "unitPrice";

    /// <summary>
    /// What the window bills in all: <see cref="Total"/>, plus, under progressive billing, what its monthly statements
    /// billed, which the invoice credits (its <see cref="LineCode.ProgressiveCredit"/> line, reversed). The invoice of a
    /// progressive window totals 0; its money is on the statements, and this is that money. What-if rating compares
    /// windows by it (docs/rating.md).
    /// </summary>
    public decimal WindowAmount => Total - Lines.Where(l => l.Code == LineCode.ProgressiveCredit).Sum(l => l.Amount);

    /// <summary>
    /// Prices a measurement under a version's commercial terms; null when the terms name no currency (no prices:
    /// the invoice carries figures only, the <see cref="Commitment"/> among them). The rules:
    /// <list type="bullet">
    /// <item>billed units and the units over the included ones are the <see cref="Commitment"/>'s: the measured quantity,
    /// or <see cref="CommercialTerms.MinimumQuantity"/> when that is more;</item>
    /// <item>without included units, the base line is billed units × unit price;</item>
    /// <item>with included units, the base line is the included units × unit price, billed even when fewer are used,
    /// and the units above them are an overage line at the overage price (the unit price when none is given);</item>
    /// <item>the per-user fee is charged for every measured user (the minimum quantity does not apply to it);</item>
    /// <item>a minimum amount adds an adjustment line up to it when base, overage and per-user lines sum to less;</item>
    /// <item>a Flex Plan true forward charges Increase × annual unit price × months remaining / 12, outside the minimum amount.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ChargeComputationException">A line does not fit a decimal (impossible for quantities up to <see cref="ContractLimits.MaximumUnits"/> under terms the contract reader accepts); it names the commercial field.</exception>
    public static Charges? Compute(Measurement measurement, string template, CommercialTerms terms)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Currency is null)
        {
            return null;
        }

        var currency = Currency.Of(terms.Currency);
        var lines = ImmutableArray.CreateBuilder<InvoiceLine>();
        var measured = measurement.Quantity;
        var commitment = Commitment.Of(measured, terms);
        var billed = commitment?.BilledUnits ?? measured;
        var minimumNote = commitment is { MinimumApplies: true }
            ? string.Create(CultureInfo.InvariantCulture, $" (minimum commitment of {billed} units; {measured} measured)")
            : string.Empty;

        if (commitment is { IncludedUnits: { } included, OverageUnits: { } excess })
        {
            if (terms.UnitPrice is { } price)
            {
                lines.Add(Line(currency, LineCode.Base, string.Create(CultureInfo.InvariantCulture, $"Included units: {included} purchased ({template})"), included, price, UnitPriceField));
            }

            if (excess > 0 && (terms.OverageUnitPrice ?? terms.UnitPrice) is { } overagePrice)
            {
                var field = terms.OverageUnitPrice is null ? UnitPriceField : "overageUnitPrice";
                lines.Add(Line(currency, LineCode.Overage, string.Create(CultureInfo.InvariantCulture, $"Active Users over the {included} included{minimumNote}"), excess, overagePrice, field));
            }
        }
        else if (terms.UnitPrice is { } price)
        {
            lines.Add(Line(currency, LineCode.Base, $"Active Users ({template}){minimumNote}", billed, price, UnitPriceField));
        }

        if (terms.PerUserFee is { } fee)
        {
            lines.Add(Line(currency, LineCode.PerUserFee, "Fee per Active User", measured, fee, "perUserFee"));
        }

        if (terms.MinimumAmount is { } minimumAmount)
        {
            var usage = Sum(lines, "minimumAmount");
            var shortfall = currency.Round(minimumAmount) - usage;
            if (shortfall > 0)
            {
                lines.Add(new InvoiceLine(
                    LineCode.MinimumAdjustment,
                    $"Adjustment up to the minimum commitment of {currency.Format(minimumAmount)} {currency.Code}",
                    1,
                    shortfall,
                    currency.Round(shortfall)));
            }
        }

        if (measurement.TrueForward is { Increase: > 0 } trueForward && terms.AnnualUnitPrice is { } annual)
        {
            // Seed 001: "incremental True Forward fees for these additional Active Users for the remainder of the
            // term", prorated over the whole months left; multiply before dividing so 7/12 is not cut short.
            var amount = Computed("annualUnitPrice", FormattableString.Invariant($"the true-forward line {trueForward.Increase} × {annual} × {trueForward.MonthsRemaining} / 12"), () =>
                trueForward.Increase * annual * trueForward.MonthsRemaining / 12m);
            lines.Add(new InvoiceLine(
                LineCode.TrueForward,
                string.Create(CultureInfo.InvariantCulture, $"True Forward: AU minimum {trueForward.MinimumBefore} to {trueForward.MinimumAfter}, {trueForward.Increase} additional Active Users for the {trueForward.MonthsRemaining} whole months left in the term, at the annual unit price"),
                trueForward.Increase,
                annual,
                currency.Round(amount),
                trueForward.MonthsRemaining));
        }

        var total = currency.Round(Sum(lines, string.Empty));
        return new Charges(currency, lines.ToImmutable(), total);
    }

    /// <summary>
    /// Prices the measurement of one window of a contract under the version that governs it, as
    /// <see cref="Compute(Measurement, string, CommercialTerms)"/> does, with the credit of what its months billed when
    /// it is billed progressively (<see cref="ProgressiveBilling"/>); a line that cannot be computed fails
    /// naming the contract, the window and the JSON path of the field that priced it.
    /// </summary>
    /// <exception cref="ChargeComputationException">A line does not fit a decimal.</exception>
    public static Charges? Compute(Contract contract, ContractVersion version, BillingWindow window, Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(window);
        try
        {
            var charges = Compute(measurement, version.Template, version.Commercial);
            return charges is not null && ProgressiveBilling.Credit(version, window, measurement.Quantity) is { } credit
                ? ProgressiveBilling.WithCredit(charges, credit)
                : charges;
        }
        catch (ChargeComputationException e)
        {
            throw e.In(contract.Id, version, window.Id);
        }
    }

    private static InvoiceLine Line(Currency currency, string code, string description, long quantity, decimal unitPrice, string field) =>
        new(code, description, quantity, unitPrice, currency.Round(Computed(field, FormattableString.Invariant($"the {code} line {quantity} × {unitPrice}"), () => quantity * unitPrice)));

    private static decimal Sum(ImmutableArray<InvoiceLine>.Builder lines, string field) =>
        Computed(field, "the sum of the lines", () => lines.Sum(l => l.Amount));

    /// <summary>An amount, or the failure that names the field it was priced by (decimal arithmetic throws <see cref="OverflowException"/>, checked or not).</summary>
    private static decimal Computed(string field, string what, Func<decimal> amount)
    {
        try
        {
            return amount();
        }
        catch (OverflowException e)
        {
            throw new ChargeComputationException(field, $"{what} does not fit a decimal amount", e);
        }
    }
}
