using Metering.Domain.Rules;
using Metering.Domain.Timelines;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// <c>peak-concurrent</c>: the highest number of distinct users in session at one instant of the window; the
/// evidence lists the users in session at the first instant of that peak. A user with two sessions open at once
/// counts once.
/// </summary>
internal static class PeakConcurrentMeasure
{
    /// <summary>The idle timeout when the rule gives none (docs/rules.md, 4).</summary>
    public static Duration DefaultIdleTimeout { get; } = Duration.FromMinutes(30);

    public static UnitTally Count(Duration idleTimeout, BillingWindow window, MeasureContext context)
    {
        if (idleTimeout <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The idle timeout must be positive.");
        }

        var holdings = new List<Holding>();
        foreach (var tenant in context.Tenants)
        {
            foreach (var (user, facts) in context.Inputs.SessionsOf(tenant))
            {
                holdings.Add(new Holding(new CountedUnit(tenant, user, null), SessionTimeline.InSession(facts, idleTimeout)));
            }
        }

        var (_, at) = Peak.Of(holdings, window.Instants);
        var lines = at is { } peak
            ? holdings.Where(h => h.Instants.Contains(peak)).Select(h => new EvidenceLine(h.Unit.Tenant, h.Unit.Unit, null, EvidenceQualifier.At(peak), "in session at the peak"))
            : [];
        if (context.Trace is { } trace)
        {
            foreach (var holding in holdings.Where(h => trace.Follows(h.Unit.Unit)))
            {
                var during = UnitTrace.Intervals(holding.Instants, window.Instants, window.Zone);
                if (at is { } instant && holding.Instants.Contains(instant))
                {
                    trace.Add(holding.Unit.Tenant, holding.Unit.Unit, TraceCodes.AtPeak, $"in session at the peak instant ({UnitTrace.Local(instant, window.Zone)}); in session during the window {during}");
                }
                else
                {
                    trace.Add(holding.Unit.Tenant, holding.Unit.Unit, TraceCodes.NotAtPeak, at is { } other
                        ? $"not in session at the peak instant ({UnitTrace.Local(other, window.Zone)}), the only instant the rule counts; in session during the window {during}"
                        : "no user was in session during the window, so there is no peak");
                }
            }
        }

        return UnitTally.Of(lines, withDimensions: false);
    }
}
