using System.Collections.Immutable;
using Metering.Domain.Contracts;
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
    /// What the statement of <paramref name="period"/> reads: the window's activity (presence, sessions) through the
    /// period's end, since its figures count nothing later; and the window's facts, through the window's last month,
    /// since the aliases and states a statement resolves are the window's own (the invoice's). A late fact of any day
    /// the window reads therefore sends the statement back, as a late event of the period's days does.
    /// </summary>
    public static DataNeeds NeedsOf(Contract contract, ScheduledWindow scheduled, StatementPeriod period)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(period);
        var window = scheduled.Window;
        var through = window with { Days = new NodaTime.DateInterval(window.Days.Start, period.Window.Days.End) };
        var activity = ContractCalendar.NeedsOf(TemplateCatalog.RuleOf(scheduled.Version), TemplateCatalog.Of(scheduled.Version), through, contract.Term);
        return activity with { FactsThrough = scheduled.Needs.FactsThrough };
    }

    /// <summary>
    /// The statement periods of <paramref name="scheduled"/>, in order: its sub-windows when its rule measures the
    /// highest or the mean of them; the months of the window when its rule counts distinct active units over more than
    /// one month (a contract year, a term; not a rolling window, which already closes every month); none otherwise.
    /// </summary>
    public static ImmutableArray<StatementPeriod> PeriodsOf(ScheduledWindow scheduled)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        return PeriodsOf(scheduled.Window, scheduled.Version);
    }

    /// <summary>The statement periods of <paramref name="window"/> under <paramref name="version"/>, the version that governs it.</summary>
    public static ImmutableArray<StatementPeriod> PeriodsOf(BillingWindow window, ContractVersion version)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(version);
        var rule = TemplateCatalog.RuleOf(version);
        var template = TemplateCatalog.Of(version);
        string Label(BillingWindow sub, int i) => template?.SubWindowLabel(sub, i) ?? RuleEvaluation.SubWindowLabel(sub, i);
        switch (rule.Measure.Kind)
        {
            case MeasureKind.MaxOfWindows:
                return [.. window.SubWindows.Select((sub, i) => new StatementPeriod(i, sub, StatementKind.Period, Label(sub, i)))];
            case MeasureKind.AverageOfMonths:
                return [.. window.SubWindows.Select((sub, i) => new StatementPeriod(i, sub, StatementKind.MonthOfAverage, Label(sub, i)))];
            case MeasureKind.DistinctActive:
                return [.. WindowCuts.CountedMonths(rule, window).Select((month, i) => new StatementPeriod(i, month, StatementKind.MonthOfDistinctCount, Label(month, i)))];
            default:
                return [];
        }
    }
}

/// <summary>The names a statement's JSON gives its kinds.</summary>
public static class StatementKinds
{
    /// <summary><c>period</c>, <c>month-of-average</c> or <c>month-of-distinct-count</c>.</summary>
    public static string Name(StatementKind kind) => kind switch
    {
        StatementKind.Period => "period",
        StatementKind.MonthOfAverage => "month-of-average",
        StatementKind.MonthOfDistinctCount => "month-of-distinct-count",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a statement kind."),
    };

    /// <summary>The kind named <paramref name="name"/>, or false.</summary>
    public static bool TryParse(string name, out StatementKind kind)
    {
        foreach (var candidate in Enum.GetValues<StatementKind>())
        {
            if (Name(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
