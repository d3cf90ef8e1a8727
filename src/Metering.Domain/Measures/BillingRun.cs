using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// A Kitaboo billing run (docs/rules.md, 5.16): started by the activation of one user incarnation, it covers
/// <paramref name="Months"/> local months from the month of activation, inclusive. <paramref name="Activated"/> are the
/// instants, from the activation on and within that incarnation, at which the user exists, has the active flag on
/// and holds at least one live licence.
/// </summary>
internal sealed record BillingRun(int Incarnation, Instant ActivatedAt, YearMonth Start, int Months, IntervalSet Activated)
{
    public YearMonth Last => Start.PlusMonths(Months - 1);

    public bool Covers(YearMonth month) => month >= Start && month <= Last;

    /// <summary>1 for the month of activation, <see cref="Months"/> for the last month of the run.</summary>
    public int MonthNumber(YearMonth month) => checked(((month.Year - Start.Year) * 12) + month.Month - Start.Month + 1);

    /// <summary>
    /// The runs of one user: each incarnation's first <c>content.opened</c> of a content id the user holds a live
    /// licence for, while the user exists and is not deactivated, starts one run. Later openings in the same
    /// incarnation start nothing: the run is a fixed duration. A new incarnation's next activation starts a new run.
    /// </summary>
    public static List<BillingRun> Of(UserTimeline timeline, DateTimeZone zone, int months)
    {
        var runs = new List<BillingRun>();
        foreach (var opening in timeline.Openings)
        {
            var before = opening.Before;
            if (!before.Exists || before.Active == false || !before.HoldsLicenceFor(opening.Fact.Data.ContentId)
                || runs.Any(r => r.Incarnation == before.Incarnation))
            {
                continue;
            }

            var at = opening.Fact.Time;
            var incarnation = before.Incarnation;

            // The activation instant itself is activated even when a revocation at the same instant (which applies
            // after the opening) leaves the user unlicensed right after it.
            var activated = timeline
                .Where(s => s.Exists && s.Incarnation == incarnation && s.Active == true && s.Licensed)
                .Union(IntervalSet.Of([new Interval(at, at + Duration.Epsilon)]))
                .Intersect(new Interval(at, Instant.MaxValue));
            runs.Add(new BillingRun(incarnation, at, at.InZone(zone).Date.ToYearMonth(), months, activated));
        }

        return runs;
    }
}
