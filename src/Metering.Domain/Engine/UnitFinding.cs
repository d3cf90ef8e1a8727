using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;

namespace Metering.Domain.Engine;

/// <summary>
/// Whether one unit is counted in a window, and why, in words a billing person reads: the measurement's evidence
/// lines for it and the steps the rule code wrote while measuring (<see cref="UnitTrace"/>), summed up in one reason.
/// </summary>
/// <param name="Unit">The unit asked about, as sent.</param>
/// <param name="Counted">Whether the measurement counts it (it has an evidence line).</param>
/// <param name="Evidence">Its evidence lines (one per tenant and dimension it counts in).</param>
/// <param name="Steps">What the rule decided about it, in the order it decided.</param>
/// <param name="Reason">The decisive step, in one sentence.</param>
public sealed record UnitFinding(Subject Unit, bool Counted, ImmutableArray<EvidenceLine> Evidence, ImmutableArray<TraceStep> Steps, string Reason)
{
    // Which step decides when a unit is not counted, most telling first: an alias never counts itself; a unit counted
    // in a period that is not billed was counted after all; a state or a billing run that did not hold is the rule's
    // own verdict; then activity the rule does not select, and activity on other days.
    private static readonly string[] Against =
    [
        TraceCodes.Alias,
        TraceCodes.OtherSubWindow,
        TraceCodes.StateNotHeld,
        TraceCodes.NotAtPeak,
        TraceCodes.NotBilled,
        TraceCodes.NotQualifying,
        TraceCodes.OutsideWindow,
    ];

    /// <summary>
    /// The finding for <paramref name="unit"/> from a measurement of <paramref name="scheduled"/> that carried
    /// <paramref name="trace"/> (<see cref="RuleEngine.Measure"/>).
    /// </summary>
    public static UnitFinding Of(ScheduledWindow scheduled, Measurement measurement, UnitTrace trace, Subject unit)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return Of(scheduled, [.. measurement.Evidence.Where(l => l.Unit == unit)], trace, unit);
    }

    /// <summary>The findings for every unit <paramref name="trace"/> follows, the evidence grouped once (a list of a million ids reconciles in one pass).</summary>
    public static IReadOnlyDictionary<Subject, UnitFinding> OfAll(ScheduledWindow scheduled, Measurement measurement, UnitTrace trace)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(trace);
        var evidence = measurement.Evidence.Where(l => trace.Follows(l.Unit)).GroupBy(l => l.Unit).ToDictionary(g => g.Key, g => g.ToImmutableArray());
        return trace.Units.ToDictionary(u => u, u => Of(scheduled, evidence.TryGetValue(u, out var lines) ? lines : [], trace, u));
    }

    private static UnitFinding Of(ScheduledWindow scheduled, ImmutableArray<EvidenceLine> evidence, UnitTrace trace, Subject unit)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(trace);
        var steps = trace.StepsOf(unit);
        if (!evidence.IsEmpty)
        {
            var line = evidence[0];
            var qualified = line.Qualifier.Day is { } day
                ? $"it qualified on {IsoText.Of(day)}"
                : $"it qualified at {UnitTrace.Local(line.Qualifier.Instant!.Value, scheduled.Window.Zone)}";
            var detail = line.Detail is null ? string.Empty : $" ({line.Detail})";
            var more = evidence.Length > 1 ? $"; it has {evidence.Length} evidence lines, one per tenant, dimension or month it counts in" : string.Empty;
            return new UnitFinding(unit, true, evidence, steps, $"counted: {qualified}{detail}{more}");
        }

        foreach (var code in Against)
        {
            if (steps.FirstOrDefault(s => s.Code == code) is { } step)
            {
                var scope = step.Scope is null ? string.Empty : $"in {step.Scope}, ";
                return new UnitFinding(unit, false, evidence, steps, $"not counted: {scope}{step.Text}");
            }
        }

        return new UnitFinding(unit, false, evidence, steps, $"not counted: {NothingRead(TemplateCatalog.RuleOf(scheduled.Version), unit, scheduled)}");
    }

    // No step at all: the rule read nothing of this unit.
    private static string NothingRead(RuleSpec rule, Subject unit, ScheduledWindow scheduled)
    {
        var days = IsoText.Of(scheduled.Window.Days);
        if (rule.Meter is { } meter)
        {
            return $"no activity of '{unit}' is stored on the days measured ({days}); the rule counts {PolicyTextOf(meter)}";
        }

        if (rule.State is { } state)
        {
            var family = state.Family switch
            {
                FactFamily.Endpoint => "endpoint",
                FactFamily.AccessId => "access-ID",
                _ => "user",
            };
            return $"no {family} facts of '{unit}' are stored before the window's end; the rule counts {family}s by their state";
        }

        return rule.Measure.Kind switch
        {
            MeasureKind.PeakConcurrent => $"no session events of '{unit}' are stored for the window ({days})",
            _ => $"no user facts of '{unit}' are stored before the window's end",
        };
    }

    private static string PolicyTextOf(MeterSpec meter) => PolicyText.Selection(meter).Replace("qualifying events: ", string.Empty, StringComparison.Ordinal);
}
