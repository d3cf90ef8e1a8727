using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// <c>distinct-state</c>: the units for which the predicate holds, under a policy. <c>any-time</c>: at some instant
/// of [start, end), evidence = the first such instant. <c>period-end</c>: at the window's last instant, after every
/// fact before its end (a fact at the end instant itself is outside), evidence = the instant since which it held
/// (the window start when earlier). <c>peak</c>: the highest number holding at one instant, evidence = the units at
/// the first instant of the peak.
/// </summary>
internal static class DistinctStateMeasure
{
    public static UnitTally Count(StatePredicateSpec predicate, StatePolicy policy, BillingWindow window, MeasureContext context)
    {
        var holdings = StateHoldings.Of(predicate, context);
        var instants = window.Instants;
        var lines = new List<EvidenceLine>();
        switch (policy)
        {
            case StatePolicy.AnyTime:
                foreach (var holding in holdings)
                {
                    if (holding.Instants.FirstIn(instants) is { } first)
                    {
                        lines.Add(Line(holding, first, instants));
                    }
                }

                break;
            case StatePolicy.PeriodEnd:
                var last = StateHoldings.LastInstant(instants);
                foreach (var holding in holdings)
                {
                    if (holding.Instants.Around(last) is { } held)
                    {
                        lines.Add(Line(holding, held.Start > instants.Start ? held.Start : instants.Start, instants));
                    }
                }

                break;
            case StatePolicy.Peak:
                var (_, at) = Peak.Of(holdings, instants);
                if (at is { } peakInstant)
                {
                    lines.AddRange(holdings.Where(h => h.Instants.Contains(peakInstant)).Select(h => Line(h, peakInstant, instants)));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown state policy.");
        }

        if (context.Trace is { } trace)
        {
            Trace(trace, holdings, policy, window, lines);
        }

        return UnitTally.Of(lines, withDimensions: false);
    }

    // What the policy decided for each followed unit, and when each condition of the state held, in the billing zone.
    private static void Trace(UnitTrace trace, List<Holding> holdings, StatePolicy policy, BillingWindow window, List<EvidenceLine> lines)
    {
        var instants = window.Instants;
        var zone = window.Zone;
        var peak = policy == StatePolicy.Peak ? lines.FirstOrDefault()?.Qualifier.Instant : null;
        foreach (var holding in holdings.Where(h => trace.Follows(h.Unit.Unit)))
        {
            var (tenant, unit) = (holding.Unit.Tenant, holding.Unit.Unit);
            foreach (var (condition, held) in holding.Conditions)
            {
                trace.Add(tenant, unit, TraceCodes.Condition, $"'{condition}' held during the window: {UnitTrace.Intervals(held, instants, zone)}");
            }

            var during = UnitTrace.Intervals(holding.Instants, instants, zone);
            var counted = lines.Any(l => l.Tenant == tenant && l.Unit == unit);
            var text = policy switch
            {
                StatePolicy.AnyTime when counted => $"the state held at some instant of the window: {during}",
                StatePolicy.AnyTime => "the state never held at any instant of the window",
                StatePolicy.PeriodEnd when counted => $"the state held at the window's last instant ({UnitTrace.Local(StateHoldings.LastInstant(instants), zone)})",
                StatePolicy.PeriodEnd => $"the state did not hold at the window's last instant ({UnitTrace.Local(StateHoldings.LastInstant(instants), zone)}), which is the one the rule looks at; during the window it held {during}",
                _ when counted => $"the state held at the peak instant ({UnitTrace.Local(peak!.Value, zone)})",
                _ when peak is null => "no unit held the state during the window, so there is no peak",
                _ => $"the state did not hold at the peak instant ({UnitTrace.Local(peak.Value, zone)}), the only instant the rule counts; during the window it held {during}",
            };
            var code = policy == StatePolicy.Peak
                ? counted ? TraceCodes.AtPeak : TraceCodes.NotAtPeak
                : counted ? TraceCodes.StateHeld : TraceCodes.StateNotHeld;
            trace.Add(tenant, unit, code, text);
        }
    }

    private static EvidenceLine Line(Holding holding, Instant qualifier, Interval window)
    {
        var detail = holding.AccessId is { } code
            ? $"assigned to {string.Join(", ", code.HoldersDuring(window).Select(u => $"'{u}'"))}"
            : null;
        return new EvidenceLine(holding.Unit.Tenant, holding.Unit.Unit, null, EvidenceQualifier.At(qualifier), detail);
    }
}
