using System.Collections.Immutable;
using Metering.Domain.Engine;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Windows;

namespace Metering.Domain.Statements;

/// <summary>What an interim statement reports on (issue 11, docs/closing.md "Statements").</summary>
public enum StatementKind
{
    /// <summary>A 90-day period of a subscription year (<c>ninety-day-peak</c>): its count and the running maximum.</summary>
    Period,

    /// <summary>A month of an averaged year (<c>average-of-months</c>, the Flex Plan): its count and the running average.</summary>
    MonthOfAverage,

    /// <summary>A month of a distinct count over a year or a term: the distinct count so far and the units first seen that month.</summary>
    MonthOfDistinctCount,
}

/// <summary>
/// One part of a long window that gets a statement when it ends: a sub-window of the window (a 90-day period, a month
/// of an averaged year), or a month of a distinct count over more than a month.
/// </summary>
/// <param name="Index">Its position in the window, from 0.</param>
/// <param name="Window">Its days, as a window (scheme, zone, instants).</param>
/// <param name="Kind">What its statement reports.</param>
/// <param name="Label">How the window's invoice labels it (<c>period 2</c>, <c>2025-03</c>, <c>contract month 4</c>).</param>
public sealed record StatementPeriod(int Index, BillingWindow Window, StatementKind Kind, string Label)
{
    /// <summary>Its stable name: <c>{first day}_{last day}</c>, as a window's.</summary>
    public string Id => Window.Id;
}

/// <summary>Which parts of a scheduled window get statements (<see cref="StatementPeriod"/>).</summary>
public static class StatementCalendar
{
    /// <summary>
    /// The statement periods of <paramref name="scheduled"/>, in order: its sub-windows when its rule measures the
    /// highest or the mean of them; the months of the window when its rule counts distinct active units over more than
    /// one month (a contract year, a term; not a rolling window, which already closes every month); none otherwise.
    /// </summary>
    public static ImmutableArray<StatementPeriod> PeriodsOf(ScheduledWindow scheduled)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        var window = scheduled.Window;
        var rule = TemplateCatalog.RuleOf(scheduled.Version);
        var template = TemplateCatalog.Of(scheduled.Version);
        string Label(BillingWindow sub, int i) => template?.SubWindowLabel(sub, i) ?? RuleEvaluation.SubWindowLabel(sub, i);
        switch (rule.Measure.Kind)
        {
            case MeasureKind.MaxOfWindows:
                return [.. window.SubWindows.Select((sub, i) => new StatementPeriod(i, sub, StatementKind.Period, Label(sub, i)))];
            case MeasureKind.AverageOfMonths:
                return [.. window.SubWindows.Select((sub, i) => new StatementPeriod(i, sub, StatementKind.MonthOfAverage, Label(sub, i)))];
            case MeasureKind.DistinctActive when window.Scheme is WindowSchemeKind.ContractYear or WindowSchemeKind.Term:
                var months = WindowCuts.MonthsOf(window);
                return months.Length > 1
                    ? [.. months.Select((month, i) => new StatementPeriod(i, month, StatementKind.MonthOfDistinctCount, Label(month, i)))]
                    : [];
            default:
                return [];
        }
    }
}
