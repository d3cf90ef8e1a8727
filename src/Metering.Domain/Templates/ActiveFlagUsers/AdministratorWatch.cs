using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Timelines;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// The invariant of docs/rules.md, 5.17 (seed 003: "you must have at least one Active Administrator at all times"), checked per
/// tenant, each tenant being one customer instance. Two anomalies: <c>no-active-administrator</c> for each stretch of
/// the window during which no existing user with the active flag on holds the administrator role although one did
/// before (a tenant that never had one is not reported: its history may start after its administrator was made);
/// <c>administrator-deactivated</c> for each instant of the window at which an existing user's active flag turns off
/// while the user still holds the role.
/// </summary>
internal static class AdministratorWatch
{
    public const string NoActiveAdministrator = "no-active-administrator";
    public const string AdministratorDeactivated = "administrator-deactivated";

    public static ImmutableArray<Anomaly> Find(string role, BillingWindow window, MeasureContext context)
    {
        var anomalies = ImmutableArray.CreateBuilder<Anomaly>();
        var instants = window.Instants;
        foreach (var tenant in context.Tenants)
        {
            var administrators = new List<(Subject User, IntervalSet Instants)>();
            foreach (var (user, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.User))
            {
                var timeline = UserTimeline.Of(facts);
                administrators.Add((user, timeline.Where(s => IsActiveAdministrator(s, role))));
                for (var i = 1; i < timeline.Segments.Length; i++)
                {
                    var (before, after) = (timeline.Segments[i - 1].State, timeline.Segments[i].State);
                    var at = timeline.Segments[i].From;
                    if (at >= instants.Start && at < instants.End
                        && before.Exists && before.Active == true
                        && after.Exists && after.Active == false && after.Roles.Contains(role))
                    {
                        anomalies.Add(new Anomaly(
                            AdministratorDeactivated,
                            $"Tenant {tenant}: '{user}' was deactivated at {IsoText.Of(at)} while still holding the role '{role}' (the role should be removed first).",
                            [user.Value],
                            IsoText.Of(at)));
                    }
                }
            }

            var anyone = administrators.Aggregate(IntervalSet.Empty, (all, a) => all.Union(a.Instants));
            var held = anyone.Intervals;
            for (var i = 0; i < held.Length; i++)
            {
                var gapStart = held[i].End;
                var gapEnd = i + 1 < held.Length ? held[i + 1].Start : Instant.MaxValue;
                if (gapStart == Instant.MaxValue || gapStart >= instants.End || gapEnd <= instants.Start)
                {
                    continue;
                }

                var at = gapStart > instants.Start ? gapStart : instants.Start;
                var last = administrators
                    .Where(a => a.Instants.Contains(gapStart - Duration.Epsilon))
                    .Select(a => a.User)
                    .Order()
                    .Select(u => u.Value)
                    .ToImmutableArray();
                var until = gapEnd < instants.End ? $"until {IsoText.Of(gapEnd)}" : "through the end of the window";
                anomalies.Add(new Anomaly(
                    NoActiveAdministrator,
                    $"Tenant {tenant}: no existing, active user held the role '{role}' from {IsoText.Of(gapStart)} {until}; the last to hold it: {string.Join(", ", last.Select(u => $"'{u}'"))}.",
                    last,
                    IsoText.Of(at)));
            }
        }

        return anomalies.ToImmutable();
    }

    private static bool IsActiveAdministrator(UserState state, string role) =>
        state.Exists && state.Active == true && state.Roles.Contains(role);
}
