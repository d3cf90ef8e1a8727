using System.Collections.Immutable;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Windows;

/// <summary>
/// How a term is cut into billing windows (docs/closing.md, "Windows"): by a rule's window scheme, into a 90-day
/// year's periods, into a contract year's months. Pure date arithmetic; which version governs which days, and so which
/// rule cuts them, is the contract calendar's business.
/// </summary>
/// <remarks>
/// Anchors: <c>calendar-month</c> and <c>rolling</c> count months from the 1st of the term's first month;
/// <c>contract-year</c>, <c>ninety-day</c> and <c>term</c> from the term's first day, year n starting on
/// <c>start.PlusYears(n)</c>, so a 29 February start has its anniversaries on 28 February in common years and on
/// 29 February again in leap years. Month n after an anchor is <c>anchor.PlusMonths(n)</c>, clamped to the month's
/// end (31 January, 28 February, 31 March...).
/// </remarks>
public static class WindowCuts
{
    /// <summary>The twelve contract months of contract year <paramref name="year"/> (0 for the first) of a term starting on <paramref name="anchor"/>.</summary>
    public static ImmutableArray<BillingWindow> ContractMonths(LocalDate anchor, int year, DateTimeZone zone)
    {
        var days = new DateInterval(anchor.PlusYears(year), anchor.PlusYears(year + 1).PlusDays(-1));
        return MonthsWithin(anchor, checked(12 * year), days, zone);
    }

    /// <summary>
    /// The months a distinct count over more than a month is reported and, under progressive billing, billed by: the
    /// <see cref="MonthsOf"/> of a contract-year or term window of a <c>distinct-active</c> rule, when there are more than
    /// one; none for any other rule or window (a monthly or rolling window already closes every month).
    /// </summary>
    public static ImmutableArray<BillingWindow> CountedMonths(RuleSpec rule, BillingWindow window)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(window);
        if (rule.Measure.Kind != MeasureKind.DistinctActive || window.Scheme is not (WindowSchemeKind.ContractYear or WindowSchemeKind.Term))
        {
            return [];
        }

        var months = MonthsOf(window);
        return months.Length > 1 ? months : [];
    }

    /// <summary>
    /// The months of <paramref name="window"/> from its first day (calendar months when that is a 1st, else contract
    /// months), the last one cut at the window's end: the statement periods of a distinct count over a year or a term.
    /// </summary>
    public static ImmutableArray<BillingWindow> MonthsOf(BillingWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return MonthsWithin(window.Days.Start, 0, window.Days, window.Zone);
    }

    /// <summary>
    /// The windows a rule's scheme cuts from the days <paramref name="governed"/> of a term: each window computed from the
    /// scheme's anchor (never from the previous window) and clipped to the governed days; with sub-windows when the
    /// measure is <c>max-of-windows</c> or <c>average-of-months</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The scheme is unknown or a rolling window covers no month.</exception>
    public static IEnumerable<BillingWindow> SchemeWindows(RuleSpec rule, DateInterval term, DateInterval governed, DateTimeZone zone)
    {
        var kind = rule.Window.Kind;
        var byMonths = rule.Measure.Kind is MeasureKind.AverageOfMonths or MeasureKind.MaxOfWindows;
        var firstOfMonth = new LocalDate(term.Start.Year, term.Start.Month, 1);
        switch (kind)
        {
            case WindowSchemeKind.CalendarMonth:
                for (var n = MonthIndex(firstOfMonth, governed.Start); firstOfMonth.PlusMonths(n) <= governed.End; n++)
                {
                    var natural = new DateInterval(firstOfMonth.PlusMonths(n), firstOfMonth.PlusMonths(n + 1).PlusDays(-1));
                    yield return Cut(kind, natural, governed, zone, days => byMonths ? MonthsWithin(firstOfMonth, n, days, zone) : []);
                }

                break;
            case WindowSchemeKind.ContractYear:
                for (var n = YearIndex(term.Start, governed.Start); term.Start.PlusYears(n) <= governed.End; n++)
                {
                    var natural = new DateInterval(term.Start.PlusYears(n), term.Start.PlusYears(n + 1).PlusDays(-1));
                    var index = checked(12 * n);
                    yield return Cut(kind, natural, governed, zone, days => byMonths ? MonthsWithin(term.Start, index, days, zone) : []);
                }

                break;
            case WindowSchemeKind.NinetyDay:
                for (var n = YearIndex(term.Start, governed.Start); term.Start.PlusYears(n) <= governed.End; n++)
                {
                    var natural = new DateInterval(term.Start.PlusYears(n), term.Start.PlusYears(n + 1).PlusDays(-1));
                    yield return NinetyDayYear(natural, governed, zone);
                }

                break;
            case WindowSchemeKind.Rolling:
                var months = rule.Window.Months >= 1
                    ? rule.Window.Months
                    : throw new ArgumentException($"A rolling window covers at least one month, not {rule.Window.Months}.", nameof(rule));
                // A version owns the rolling windows that end on its days; each looks back over the prior months of
                // the term whichever version governed them ("the prior twelve months during the Term"), so an
                // amendment neither forgets the activity before it nor starts a fresh look-back.
                var lookBack = new DateInterval(term.Start, governed.End);
                for (var n = MonthIndex(firstOfMonth, governed.Start); firstOfMonth.PlusMonths(n) <= governed.End; n++)
                {
                    // The window at the end of month n: the months n - N + 1 .. n, never before the term start.
                    var first = n - months + 1;
                    var natural = new DateInterval(firstOfMonth.PlusMonths(first), firstOfMonth.PlusMonths(n + 1).PlusDays(-1));
                    yield return Cut(kind, natural, lookBack, zone, days => byMonths ? MonthsWithin(firstOfMonth, first, days, zone) : []);
                }

                break;
            case WindowSchemeKind.Term:
                yield return Cut(kind, term, governed, zone, days => byMonths ? MonthsWithin(term.Start, 0, days, zone) : []);
                break;
            default:
                throw new ArgumentException($"Unknown window scheme {kind}.", nameof(rule));
        }
    }

    /// <summary>
    /// A subscription year measured as four consecutive 90-day periods from its first day: period k covers days
    /// 90k + 1 to 90k + 90 of the year. Days 361 to the year's end (5 days, or 6 when the year holds a 29 February)
    /// fall in no period, by the clause's letter, and are reported as uncovered.
    /// </summary>
    private static BillingWindow NinetyDayYear(DateInterval natural, DateInterval governed, DateTimeZone zone)
    {
        var days = natural.Intersection(governed)!;
        var periods = ImmutableArray.CreateBuilder<BillingWindow>(4);
        for (var k = 0; k < 4; k++)
        {
            var period = new DateInterval(natural.Start.PlusDays(90 * k), natural.Start.PlusDays((90 * k) + 89));
            if (period.Intersection(days) is { } inside)
            {
                periods.Add(new BillingWindow(WindowSchemeKind.NinetyDay, inside, zone, [], null, !inside.Equals(period)));
            }
        }

        var uncovered = new DateInterval(natural.Start.PlusDays(360), natural.End).Intersection(days);
        return new BillingWindow(WindowSchemeKind.NinetyDay, days, zone, periods.ToImmutable(), uncovered, !days.Equals(natural));
    }

    /// <summary>
    /// Flex Plan true forwards: one window per anniversary inside the term, the contract year that ends the day
    /// before it, never cut (its meters need its twelve contract months), owned by the version in force on that
    /// last day. A term's last year has no true forward: no anniversary follows it inside the term.
    /// </summary>
    public static IEnumerable<BillingWindow> TrueForwardYears(DateInterval term, DateInterval governed, DateTimeZone zone)
    {
        for (var n = 0; term.Start.PlusYears(n + 1) <= term.End; n++)
        {
            var eve = term.Start.PlusYears(n + 1).PlusDays(-1);
            if (governed.Contains(eve))
            {
                var days = new DateInterval(term.Start.PlusYears(n), eve);
                yield return new BillingWindow(WindowSchemeKind.ContractYear, days, zone, ContractMonths(term.Start, n, zone), null, false);
            }
        }
    }

    private static BillingWindow Cut(WindowSchemeKind kind, DateInterval natural, DateInterval governed, DateTimeZone zone, Func<DateInterval, ImmutableArray<BillingWindow>> subWindows)
    {
        var start = natural.Start > governed.Start ? natural.Start : governed.Start;
        var end = natural.End < governed.End ? natural.End : governed.End;
        var days = new DateInterval(start, end);
        return new BillingWindow(kind, days, zone, subWindows(days), null, !days.Equals(natural));
    }

    /// <summary>
    /// The months anchor + k, k = <paramref name="firstIndex"/>, ..., that meet <paramref name="days"/>, each cut to it:
    /// calendar months when the anchor is a 1st, else contract months (15 March to 14 April), whatever the scheme of the
    /// window they divide.
    /// </summary>
    private static ImmutableArray<BillingWindow> MonthsWithin(LocalDate anchor, int firstIndex, DateInterval days, DateTimeZone zone)
    {
        var kind = anchor.Day == 1 ? WindowSchemeKind.CalendarMonth : WindowSchemeKind.ContractMonth;
        var months = ImmutableArray.CreateBuilder<BillingWindow>();
        for (var k = firstIndex; anchor.PlusMonths(k) <= days.End; k++)
        {
            var month = new DateInterval(anchor.PlusMonths(k), anchor.PlusMonths(k + 1).PlusDays(-1));
            if (month.Intersection(days) is { } inside)
            {
                months.Add(new BillingWindow(kind, inside, zone, [], null, !inside.Equals(month)));
            }
        }

        return months.ToImmutable();
    }

    private static int MonthIndex(LocalDate firstOfMonth, LocalDate day) =>
        checked(((day.Year - firstOfMonth.Year) * 12) + day.Month - firstOfMonth.Month);

    /// <summary>The contract year (0 for the first) that contains <paramref name="day"/>, a day on or after the anchor.</summary>
    private static int YearIndex(LocalDate anchor, LocalDate day)
    {
        var n = day.Year - anchor.Year;
        while (n > 0 && anchor.PlusYears(n) > day)
        {
            n--;
        }

        return n;
    }
}
