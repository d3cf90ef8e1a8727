using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using NodaTime;

namespace Metering.Domain.Windows;

/// <summary>
/// The billing windows of a contract (SPEC 4). Each version governs from its effective day to the day before the
/// next version's, within the term (first and last day inclusive); its rule's scheme cuts the term into windows
/// computed from the scheme's anchor, never from the previous window, and every window is clipped to the term and
/// to the days its version governs: an amendment in the middle of a month gives two partial windows, one per
/// version. A rolling window only ends on its version's days: its look-back reaches to the term start. Window ids (<c>{first}_{last}</c>) are unique within a contract.
/// </summary>
/// <remarks>
/// Anchors: <c>calendar-month</c> and <c>rolling</c> count months from the 1st of the term's first month;
/// <c>contract-year</c>, <c>ninety-day</c> and <c>term</c> from the term's first day, year n starting on
/// <c>start.PlusYears(n)</c>, so a 29 February start has its anniversaries on 28 February in common years and on
/// 29 February again in leap years. Month n after an anchor is <c>anchor.PlusMonths(n)</c>, clamped to the month's
/// end (31 January, 28 February, 31 March...).
/// </remarks>
public static class ContractCalendar
{
    /// <summary>Every window of the contract, ordered by first day, then last day.</summary>
    /// <param name="contract">The contract (its versions ordered by effective day, version 1 effective at the term start).</param>
    /// <param name="zone">The billing zone shared by the contract's tenants.</param>
    /// <exception cref="ArgumentException">The versions leave days of the term ungoverned or share an effective day, or a rule is invalid.</exception>
    public static IReadOnlyList<ScheduledWindow> WindowsOf(Contract contract, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(zone);
        var scheduled = new List<ScheduledWindow>();
        foreach (var (version, governed) in GovernedDays(contract))
        {
            var rule = TemplateCatalog.RuleOf(version);
            var windows = version.Template == TemplateNames.FlexTrueForward
                ? TrueForwardYears(contract.Term, governed, zone)
                : SchemeWindows(rule, contract.Term, governed, zone);
            foreach (var window in windows)
            {
                scheduled.Add(new ScheduledWindow(window, version, NeedsOf(rule, version.Template, window, contract.Term)));
            }
        }

        scheduled.Sort((a, b) =>
        {
            var c = a.Window.Days.Start.CompareTo(b.Window.Days.Start);
            return c != 0 ? c : a.Window.Days.End.CompareTo(b.Window.Days.End);
        });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var window in scheduled)
        {
            if (!ids.Add(window.Window.Id))
            {
                throw new InvalidOperationException($"Contract {contract.Id} would have two windows {window.Window.Id}.");
            }
        }

        return scheduled;
    }

    /// <summary>The days each version governs inside the term, in effective order; a version entirely replaced before it starts governs none.</summary>
    internal static IEnumerable<(ContractVersion Version, DateInterval Days)> GovernedDays(Contract contract)
    {
        var term = contract.Term;
        var versions = contract.Versions.OrderBy(v => v.Effective).ToList();
        if (versions.Count == 0)
        {
            throw new ArgumentException($"Contract {contract.Id} has no version.", nameof(contract));
        }

        if (versions[0].Effective > term.Start)
        {
            throw new ArgumentException($"Contract {contract.Id}: the first version takes effect on {IsoText.Of(versions[0].Effective)}, after the term starts on {IsoText.Of(term.Start)}.", nameof(contract));
        }

        for (var i = 1; i < versions.Count; i++)
        {
            if (versions[i].Effective == versions[i - 1].Effective || versions[i].Number <= versions[i - 1].Number)
            {
                throw new ArgumentException($"Contract {contract.Id}: versions {versions[i - 1].Number} and {versions[i].Number} are not in effective order.", nameof(contract));
            }
        }

        var governed = new List<(ContractVersion, DateInterval)>();
        for (var i = 0; i < versions.Count; i++)
        {
            var start = versions[i].Effective > term.Start ? versions[i].Effective : term.Start;
            var end = i + 1 < versions.Count && versions[i + 1].Effective.PlusDays(-1) < term.End ? versions[i + 1].Effective.PlusDays(-1) : term.End;
            if (start <= end)
            {
                governed.Add((versions[i], new DateInterval(start, end)));
            }
        }

        return governed;
    }

    /// <summary>The twelve contract months of contract year <paramref name="year"/> (0 for the first) of a term starting on <paramref name="anchor"/>.</summary>
    internal static ImmutableArray<BillingWindow> ContractMonths(LocalDate anchor, int year, DateTimeZone zone)
    {
        var days = new DateInterval(anchor.PlusYears(year), anchor.PlusYears(year + 1).PlusDays(-1));
        return MonthsWithin(anchor, checked(12 * year), days, WindowSchemeKind.ContractYear, zone);
    }

    private static IEnumerable<BillingWindow> SchemeWindows(RuleSpec rule, DateInterval term, DateInterval governed, DateTimeZone zone)
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
                    yield return Cut(kind, natural, governed, zone, days => byMonths ? MonthsWithin(firstOfMonth, n, days, kind, zone) : []);
                }

                break;
            case WindowSchemeKind.ContractYear:
                for (var n = YearIndex(term.Start, governed.Start); term.Start.PlusYears(n) <= governed.End; n++)
                {
                    var natural = new DateInterval(term.Start.PlusYears(n), term.Start.PlusYears(n + 1).PlusDays(-1));
                    var index = checked(12 * n);
                    yield return Cut(kind, natural, governed, zone, days => byMonths ? MonthsWithin(term.Start, index, days, kind, zone) : []);
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
                    yield return Cut(kind, natural, lookBack, zone, days => byMonths ? MonthsWithin(firstOfMonth, first, days, kind, zone) : []);
                }

                break;
            case WindowSchemeKind.Term:
                yield return Cut(kind, term, governed, zone, days => byMonths ? MonthsWithin(term.Start, 0, days, kind, zone) : []);
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
    private static IEnumerable<BillingWindow> TrueForwardYears(DateInterval term, DateInterval governed, DateTimeZone zone)
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

    /// <summary>The months anchor + k, k = <paramref name="firstIndex"/>, ..., that meet <paramref name="days"/>, each cut to it; sub-windows carry the scheme of the window they divide.</summary>
    private static ImmutableArray<BillingWindow> MonthsWithin(LocalDate anchor, int firstIndex, DateInterval days, WindowSchemeKind kind, DateTimeZone zone)
    {
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

    private static DataNeeds NeedsOf(RuleSpec rule, string template, BillingWindow window, DateInterval term)
    {
        var trueForward = template == TemplateNames.FlexTrueForward;

        // A true forward recomputes the AU minimum from the first anniversary on, so it reads every month since the term start.
        var presence = rule.Meter is null
            ? []
            : DataNeeds.MonthsOf(trueForward ? new DateInterval(term.Start, window.Days.End) : window.Days);
        var facts = rule.State is not null || rule.Measure.Kind == MeasureKind.ActivatedMonths || rule.Meter?.ResolveAliases == true || trueForward
            ? window.Days.End.ToYearMonth()
            : (YearMonth?)null;
        ImmutableArray<YearMonth> sessions = [];
        if (rule.Measure.Kind == MeasureKind.PeakConcurrent || rule.Measure.Inner == MeasureKind.PeakConcurrent)
        {
            // Events up to one idle timeout before the window can keep a session open into it; a day more covers
            // the longest local day.
            var idle = rule.Measure.IdleTimeout ?? Duration.FromMinutes(TemplateCatalog.DefaultIdleTimeoutMinutes);
            var spill = checked(1 + (int)Math.Ceiling(idle.TotalDays));
            sessions = DataNeeds.MonthsOf(new DateInterval(window.Days.Start.PlusDays(-spill), window.Days.End));
        }

        return new DataNeeds(presence, facts, sessions);
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
