using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Windows;

namespace Metering.Domain.Commercial;

/// <summary>
/// Progressive billing (issue 11, docs/contracts.md "Progressive billing"), an opt-in commercial term of distinct
/// counts over a contract year or a term: each month's statement bills the units first seen that month, and the
/// window's invoice credits what the months billed, so that the months add up to the window's figure, units and money.
/// A month bills the difference of the rounded cumulative amounts, <c>round(so far × price) − round(before × price)</c>:
/// the months then add up exactly to <c>round(count × price)</c>, with no rounding left over whatever the price's digits.
/// </summary>
public static class ProgressiveBilling
{
    /// <summary>Whether a rule can be billed progressively: a distinct count over a contract year or a term, whose months get statements.</summary>
    public static bool Applies(RuleSpec rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Measure.Kind == MeasureKind.DistinctActive && rule.Window.Kind is WindowSchemeKind.ContractYear or WindowSchemeKind.Term;
    }

    /// <summary>
    /// Whether <paramref name="window"/> under <paramref name="version"/> is billed by its months: progressive terms, and
    /// the months that get statements (<see cref="WindowCuts.CountedMonths"/>, docs/closing.md "Statements"; a window of
    /// one month has none, and is billed by its invoice).
    /// </summary>
    public static bool BillsByMonth(ContractVersion version, BillingWindow window)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(window);
        return version.Commercial is { Progressive: true, Currency: not null, UnitPrice: not null }
            && !WindowCuts.CountedMonths(TemplateCatalog.RuleOf(version), window).IsEmpty;
    }

    /// <summary>
    /// The charges of the statement of a month labelled <paramref name="month"/>: one <see cref="LineCode.Progressive"/>
    /// line for the <paramref name="newlySeen"/> units at the unit price, of <paramref name="distinctSoFar"/> in the window
    /// so far; null when the window is not billed by its months.
    /// </summary>
    public static Charges? OfMonth(ContractVersion version, BillingWindow window, string month, long newlySeen, long distinctSoFar)
    {
        if (!BillsByMonth(version, window))
        {
            return null;
        }

        var (currency, price) = (Currency.Of(version.Commercial.Currency!), version.Commercial.UnitPrice!.Value);
        var amount = currency.Round(distinctSoFar * price) - currency.Round((distinctSoFar - newlySeen) * price);
        var line = new InvoiceLine(
            LineCode.Progressive,
            string.Create(CultureInfo.InvariantCulture, $"Active Users first seen in {month} ({version.Template}), billed progressively: {distinctSoFar} so far in the window"),
            newlySeen,
            price,
            amount);
        return new Charges(currency, [line], amount);
    }

    /// <summary>
    /// The line of the window's invoice that credits what its months billed: <c>−round(count × price)</c>, the months'
    /// sum; null when the window is not billed by its months.
    /// </summary>
    internal static InvoiceLine? Credit(ContractVersion version, BillingWindow window, long measured)
    {
        if (!BillsByMonth(version, window))
        {
            return null;
        }

        var (currency, price) = (Currency.Of(version.Commercial.Currency!), version.Commercial.UnitPrice!.Value);
        return new InvoiceLine(
            LineCode.ProgressiveCredit,
            string.Create(CultureInfo.InvariantCulture, $"Billed progressively on the window's monthly statements: {measured} Active Users first seen month by month"),
            measured,
            -price,
            -currency.Round(measured * price));
    }

    /// <summary>Charges with the credit line added and the total made again.</summary>
    internal static Charges WithCredit(Charges charges, InvoiceLine credit) =>
        charges with { Lines = charges.Lines.Add(credit), Total = charges.Currency.Round(charges.Lines.Sum(l => l.Amount) + credit.Amount) };
}
