using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Timelines;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// <c>activated-months</c> (Kitaboo, docs/rules.md, 5.16): a user is billed in a local month M when M is inside one of the
/// user's billing runs and the user was activated at some instant of M that lies in the window. The count is the
/// number of (user, month) pairs billed: for a monthly window, the users billed that month. A user billed under two
/// runs in one month (deleted, re-created and activated again) counts once; the evidence names both runs.
/// </summary>
internal static class ActivatedMonthsMeasure
{
    public static UnitTally Count(int billingMonths, BillingWindow window, MeasureContext context)
    {
        if (billingMonths < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(billingMonths), billingMonths, "A billing run lasts at least one month.");
        }

        var lines = new List<EvidenceLine>();
        foreach (var tenant in context.Tenants)
        {
            foreach (var (user, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.User))
            {
                var runs = BillingRun.Of(UserTimeline.Of(facts), window.Zone, billingMonths);
                var trace = context.Trace?.Follows(user) == true ? context.Trace : null;
                if (runs.Count == 0)
                {
                    trace?.Add(tenant, user, TraceCodes.NotBilled, "never activated: no content.opened of a book the user held a live licence for, while the user existed and was not deactivated, so no billing run started");
                    continue;
                }

                foreach (var month in DataNeeds.MonthsOf(window.Days))
                {
                    var instants = (window with { Days = month.ToDateInterval().Intersection(window.Days)!, SubWindows = [] }).Instants;
                    var billed = runs
                        .Where(r => r.Covers(month))
                        .Select(r => (Run: r, First: r.Activated.FirstIn(instants)))
                        .Where(b => b.First is not null)
                        .ToList();
                    if (billed.Count == 0)
                    {
                        trace?.Add(tenant, user, TraceCodes.NotBilled, runs.Any(r => r.Covers(month))
                            ? $"{IsoText.Of(month)} is inside a billing run, but the user did not exist with the active flag on and a live licence at any instant of it in the window"
                            : $"no billing run covers {IsoText.Of(month)}: runs {string.Join(", ", runs.Select(r => $"from {IsoText.Of(r.Start)} for {r.Months} month(s)"))}");
                        continue;
                    }

                    var detail = string.Join("; ", billed.Select(b =>
                        $"billing run from {IsoText.Of(b.Run.Start)} (activated {IsoText.Of(b.Run.ActivatedAt)}): month {b.Run.MonthNumber(month)} of {b.Run.Months}"));
                    trace?.Add(tenant, user, TraceCodes.Billed, $"billed in {IsoText.Of(month)}: {detail}");
                    lines.Add(new EvidenceLine(tenant, user, null, EvidenceQualifier.At(billed.Min(b => b.First!.Value)), detail));
                }
            }
        }

        return UnitTally.Of(lines, withDimensions: false);
    }
}
