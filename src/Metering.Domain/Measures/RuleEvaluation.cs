using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Identity;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Windows;

namespace Metering.Domain.Measures;

/// <summary>
/// Evaluates a generic rule over one window: the measure, its sub-windows when it is <c>max-of-windows</c> or
/// <c>average-of-months</c>, the alias anomalies when the meter resolves aliases, and the policy sentences.
/// </summary>
internal static class RuleEvaluation
{
    public static Measurement Evaluate(RuleSpec rule, BillingWindow window, MeasureContext context)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var aliases = AliasesFor(rule.Meter, window, context);
        var policies = PolicyText.Of(rule, window);
        var notes = new List<string>();
        var measure = rule.Measure;
        switch (measure.Kind)
        {
            case MeasureKind.MaxOfWindows:
            {
                var (subWindows, tallies) = PerSubWindow(rule, window, context, aliases);
                var best = 0;
                for (var i = 1; i < tallies.Count; i++)
                {
                    if (tallies[i].Count > tallies[best].Count)
                    {
                        best = i;
                    }
                }

                if (window.Uncovered is { } uncovered)
                {
                    notes.Add($"days {IsoText.Of(uncovered)} come after day 360 of the subscription year: they fall in no 90-day period and are not counted");
                }

                var highest = tallies[best];
                if (context.Trace is { } trace)
                {
                    TraceOtherPeriods(trace, subWindows, tallies, best);
                }

                var evidence = highest.Evidence.Select(l => UnitTally.WithDetail(l, $"counted in {subWindows[best].Label} ({IsoText.Of(window.SubWindows[best].Days)})"));
                return Build(highest.Count, [new NamedFigure("active-users", highest.Count)], subWindows, highest.Dimensions, policies, aliases.Anomalies, evidence, notes);
            }

            case MeasureKind.AverageOfMonths:
            {
                var (subWindows, tallies) = PerSubWindow(rule, window, context, aliases);
                var total = tallies.Sum(t => t.Count);
                var average = NamedFigure.RoundedUp("average-active-users", total, tallies.Count);
                var evidence = tallies.SelectMany((t, i) => t.Evidence.Select(l => UnitTally.WithDetail(l, $"counted in {subWindows[i].Label} ({IsoText.Of(window.SubWindows[i].Days)})")));
                return Build(
                    (long)average.Value,
                    [average, NamedFigure.Mean("mean-monthly-count", total, tallies.Count)],
                    subWindows,
                    ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal),
                    policies,
                    aliases.Anomalies,
                    evidence,
                    notes);
            }

            default:
            {
                var tally = Tally(measure.Kind, rule, window, context, aliases);
                return Build(tally.Count, [new NamedFigure(FigureName(measure), tally.Count)], [], tally.Dimensions, policies, aliases.Anomalies, tally.Evidence, notes);
            }
        }
    }

    /// <summary>The units of each sub-window of <paramref name="window"/>, counted by the rule's inner measure exactly as <see cref="Evaluate"/> counts them.</summary>
    public static List<UnitTally> SubWindowTallies(RuleSpec rule, BillingWindow window, MeasureContext context)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return PerSubWindow(rule, window, context, AliasesFor(rule.Meter, window, context)).Tallies;
    }

    /// <summary>The aliases a meter resolves, declared before the window's end; none when it does not resolve them.</summary>
    public static AliasDirectory AliasesFor(MeterSpec? meter, BillingWindow window, MeasureContext context) =>
        meter?.ResolveAliases == true ? AliasDirectory.Of(context.Tenants, context.Inputs, window.Instants.End) : AliasDirectory.None;

    /// <summary>A measurement with its lists sorted: evidence by (tenant, unit, dimension, qualifier), anomalies by (code, instant, message).</summary>
    public static Measurement Build(
        long quantity,
        ImmutableArray<NamedFigure> figures,
        ImmutableArray<SubWindowFigure> subWindows,
        ImmutableSortedDictionary<string, long> dimensions,
        IEnumerable<string> policies,
        IEnumerable<Anomaly> anomalies,
        IEnumerable<EvidenceLine> evidence,
        IEnumerable<string> notes)
    {
        var lines = evidence.ToList();
        lines.Sort(EvidenceLine.Order);
        return new Measurement(
            quantity,
            figures,
            subWindows,
            dimensions,
            [.. policies],
            SortAnomalies(anomalies),
            [.. lines],
            [.. notes]);
    }

    public static ImmutableArray<Anomaly> SortAnomalies(IEnumerable<Anomaly> anomalies) =>
        [.. anomalies
            .OrderBy(a => a.Code, StringComparer.Ordinal)
            .ThenBy(a => a.At, StringComparer.Ordinal)
            .ThenBy(a => a.Message, StringComparer.Ordinal)];

    private static (ImmutableArray<SubWindowFigure> Figures, List<UnitTally> Tallies) PerSubWindow(RuleSpec rule, BillingWindow window, MeasureContext context, Identity.AliasDirectory aliases)
    {
        if (window.SubWindows.IsEmpty)
        {
            throw new ArgumentException($"The measure {rule.Measure.Kind} needs sub-windows, and window {window.Id} has none.", nameof(window));
        }

        var inner = rule.Measure.Inner ?? MeasureKind.DistinctActive;
        var tallies = new List<UnitTally>(window.SubWindows.Length);
        foreach (var (sub, i) in window.SubWindows.Select((sub, i) => (sub, i)))
        {
            using var scope = context.Trace?.Within($"{SubWindowLabel(sub, i)} ({IsoText.Of(sub.Days)})");
            tallies.Add(Tally(inner, rule, sub, context, aliases));
        }

        var figures = window.SubWindows.Select((sub, i) => new SubWindowFigure(sub.Id, SubWindowLabel(sub, i), tallies[i].Count)).ToImmutableArray();
        return (figures, tallies);
    }

    /// <summary>
    /// The label of sub-window <paramref name="index"/> (from 0): a calendar month as itself (<c>2025-03</c>), a contract
    /// month by its first day (<c>month from 2024-03-29</c>: its position in a window cut short by a version boundary
    /// is not its number in the contract year), a 90-day period as <c>period 2</c>.
    /// </summary>
    public static string SubWindowLabel(BillingWindow sub, int index) => sub.Scheme switch
    {
        WindowSchemeKind.CalendarMonth => IsoText.Of(sub.Days.Start.ToYearMonth()),
        WindowSchemeKind.ContractMonth => $"month from {IsoText.Of(sub.Days.Start)}",
        _ => $"period {index + 1}",
    };

    // A unit counted in a period that is not the highest is not billed for the window: say so, with both counts.
    private static void TraceOtherPeriods(UnitTrace trace, ImmutableArray<SubWindowFigure> subWindows, List<UnitTally> tallies, int best)
    {
        var billed = tallies[best].Evidence.Select(l => (l.Tenant, l.Unit)).ToHashSet();
        for (var i = 0; i < tallies.Count; i++)
        {
            foreach (var line in tallies[i].Evidence.Where(l => i != best && trace.Follows(l.Unit) && !billed.Contains((l.Tenant, l.Unit))))
            {
                trace.Add(line.Tenant, line.Unit, TraceCodes.OtherSubWindow, string.Create(CultureInfo.InvariantCulture,
                    $"counted in {subWindows[i].Label} ({subWindows[i].Count} units), but the window bills only its highest sub-window, {subWindows[best].Label} ({subWindows[best].Count} units), in which this unit did not qualify"));
            }
        }
    }

    private static UnitTally Tally(MeasureKind kind, RuleSpec rule, BillingWindow window, MeasureContext context, AliasDirectory aliases) => kind switch
    {
        MeasureKind.DistinctActive => DistinctActiveMeasure.Count(
            rule.Meter ?? throw new ArgumentException("distinct-active needs a meter.", nameof(rule)), window.Days, context, aliases),
        MeasureKind.DistinctState => DistinctStateMeasure.Count(
            rule.State ?? throw new ArgumentException("distinct-state needs a state predicate.", nameof(rule)),
            rule.Measure.Policy ?? throw new ArgumentException("distinct-state needs a policy.", nameof(rule)),
            window,
            context),
        MeasureKind.PeakConcurrent => PeakConcurrentMeasure.Count(rule.Measure.IdleTimeout ?? PeakConcurrentMeasure.DefaultIdleTimeout, window, context),
        MeasureKind.ActivatedMonths => ActivatedMonthsMeasure.Count(
            rule.Measure.BillingMonths ?? throw new ArgumentException("activated-months needs the months of a billing run.", nameof(rule)), window, context),
        _ => throw new ArgumentException($"{kind} cannot measure a sub-window.", nameof(rule)),
    };

    private static string FigureName(MeasureSpec measure) => measure.Kind switch
    {
        MeasureKind.DistinctState when measure.Policy == StatePolicy.Peak => "peak-active-users",
        MeasureKind.PeakConcurrent => "peak-concurrent-users",
        MeasureKind.ActivatedMonths => "activated-users",
        _ => "active-users",
    };
}
