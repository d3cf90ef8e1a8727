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

        return UnitTally.Of(lines, withDimensions: false);
    }

    private static EvidenceLine Line(Holding holding, Instant qualifier, Interval window)
    {
        var detail = holding.AccessId is { } code
            ? $"assigned to {string.Join(", ", code.HoldersDuring(window).Select(u => $"'{u}'"))}"
            : null;
        return new EvidenceLine(holding.Unit.Tenant, holding.Unit.Unit, null, EvidenceQualifier.At(qualifier), detail);
    }
}
