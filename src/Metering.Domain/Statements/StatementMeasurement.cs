using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;

namespace Metering.Domain.Statements;

/// <summary>
/// What a statement reports for one period of a window, measured by the window's own rule code (issue 11):
/// <list type="bullet">
/// <item>a 90-day period: <c>period-count</c>, <c>running-maximum</c> (the highest period so far, the figure the year
/// bills if nothing higher follows), <c>days-remaining</c> in the year after the period and <c>days-uncovered</c> (the
/// days after day 360, in no period);</item>
/// <item>a month of an averaged year: <c>month-count</c> and <c>running-average</c> (the mean of the months so far, to 4
/// places);</item>
/// <item>a month of a distinct count: <c>distinct-so-far</c> (the window's units whose first qualifying day is on or
/// before the month's end) and <c>newly-seen</c> (the units whose first qualifying day is in the month: over the months
/// they add up to the window's figure).</item>
/// </list>
/// The evidence lists the period's counted units, or the newly seen ones.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Count">The period's own count: the period's or month's units, or the newly seen ones.</param>
/// <param name="Figures">The named figures, <see cref="Count"/>'s first.</param>
/// <param name="Evidence">The units behind <see cref="Count"/>, sorted as evidence is.</param>
public sealed record StatementMeasurement(StatementPeriod Period, long Count, ImmutableArray<NamedFigure> Figures, ImmutableArray<EvidenceLine> Evidence)
{
    /// <summary>The figure of a month of a distinct count that is the window measured through the month's end.</summary>
    public const string DistinctSoFar = "distinct-so-far";

    /// <summary>Measures the statement of <paramref name="period"/>, one of <see cref="StatementCalendar.PeriodsOf(ScheduledWindow)"/>(<paramref name="scheduled"/>).</summary>
    /// <exception cref="ArgumentException">The period is not one of the window's.</exception>
    public static StatementMeasurement Of(Contract contract, ScheduledWindow scheduled, StatementPeriod period, MeteringInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(inputs);
        var periods = StatementCalendar.PeriodsOf(scheduled);
        if (period.Index >= periods.Length || periods[period.Index] != period)
        {
            throw new ArgumentException($"{period.Id} is not a statement period of window {scheduled.Window.Id}.", nameof(period));
        }

        if (period.Kind == StatementKind.MonthOfDistinctCount)
        {
            // The window itself, measured over what has been read (activity through the month's end, facts through the
            // window's end): a unit's evidence line carries its first qualifying day, so the units counted so far are the
            // lines up to the month's end and the month's own lines are the units it saw first. Aliases are resolved as
            // the window's invoice resolves them, so the months add up to it exactly (docs/closing.md, "Statements").
            var measured = RuleEngine.Measure(contract, scheduled, inputs);
            var end = period.Window.Days.End;
            var sofar = measured.Evidence.Count(l => l.Qualifier.Day is { } day && day <= end);
            var fresh = measured.Evidence.Where(l => l.Qualifier.Day is { } day && period.Window.Days.Contains(day)).ToImmutableArray();
            return new StatementMeasurement(period, fresh.Length, [new NamedFigure("newly-seen", fresh.Length), new NamedFigure(DistinctSoFar, sofar)], fresh);
        }

        var tallies = SubWindowTallies(contract, scheduled, inputs);
        var counts = tallies.Take(period.Index + 1).Select(t => t.Count).ToList();
        var own = tallies[period.Index];
        ImmutableArray<NamedFigure> figures = period.Kind == StatementKind.Period
            ?
            [
                new NamedFigure("period-count", own.Count),
                new NamedFigure("running-maximum", counts.Max()),
                new NamedFigure("days-remaining", NodaTime.Period.Between(period.Window.Days.End, scheduled.Window.Days.End, NodaTime.PeriodUnits.Days).Days),
                new NamedFigure("days-uncovered", scheduled.Window.Uncovered?.Length ?? 0),
            ]
            : [new NamedFigure("month-count", own.Count), NamedFigure.Mean("running-average", counts.Sum(), counts.Count)];
        return new StatementMeasurement(period, own.Count, figures, own.Evidence);
    }

    // Each sub-window's units, counted by the window's template (or generic rule) exactly as its invoice counts them.
    private static List<UnitTally> SubWindowTallies(Contract contract, ScheduledWindow scheduled, MeteringInputs inputs)
    {
        var context = MeasureContext.Of(contract.Tenants, inputs);
        var version = scheduled.Version;
        return TemplateCatalog.Of(version) is { } template
            ? template.SubWindowTallies(contract.Term, scheduled.Window, version.Parameters, context)
            : RuleEvaluation.SubWindowTallies(TemplateCatalog.RuleOf(version), scheduled.Window, context);
    }
}
