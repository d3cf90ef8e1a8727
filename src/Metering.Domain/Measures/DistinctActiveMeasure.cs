using System.Numerics;
using Metering.Domain.Events;
using Metering.Domain.Identity;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// <c>distinct-active</c>: the units with at least one selected activity on a local day of the window. The evidence
/// of a unit is its first such day; a unit reached through aliases lists the aliases merged into it.
/// </summary>
internal static class DistinctActiveMeasure
{
    /// <summary>The deployment of activity that did not say (docs/events.md: absent means cloud).</summary>
    public const string DefaultDeployment = "cloud";

    public static UnitTally Count(MeterSpec meter, DateInterval days, MeasureContext context, AliasDirectory aliases)
    {
        var selection = new KindSelection(meter);
        var firstDays = new Dictionary<CountedUnit, LocalDate>();
        var merged = new Dictionary<CountedUnit, SortedSet<string>>();
        foreach (var tenant in context.Tenants)
        {
            foreach (var month in DataNeeds.MonthsOf(days))
            {
                var mask = DayMask(month, days);
                foreach (var record in context.Inputs.PresenceOf(tenant, month))
                {
                    var hit = record.Days & mask;
                    if (context.Trace is { } trace)
                    {
                        Trace(trace, record, hit, selection, meter.ResolveAliases ? aliases.Resolve(tenant, record.Unit) : record.Unit, days);
                    }

                    if (hit == 0 || !selection.Selects(record.Kind))
                    {
                        continue;
                    }

                    var subject = meter.ResolveAliases ? aliases.Resolve(tenant, record.Unit) : record.Unit;
                    var dimension = meter.Unit == UnitDimension.SubjectAndDeployment ? record.Kind.Deployment ?? DefaultDeployment : null;
                    var unit = new CountedUnit(tenant, subject, dimension);
                    var day = month.OnDayOfMonth(BitOperations.TrailingZeroCount(hit) + 1);
                    if (!firstDays.TryGetValue(unit, out var first) || day < first)
                    {
                        firstDays[unit] = day;
                    }

                    if (subject != record.Unit)
                    {
                        if (!merged.TryGetValue(unit, out var aliasesOfUnit))
                        {
                            aliasesOfUnit = new SortedSet<string>(StringComparer.Ordinal);
                            merged.Add(unit, aliasesOfUnit);
                        }

                        aliasesOfUnit.Add(record.Unit.Value);
                    }
                }
            }
        }

        var lines = firstDays.Select(f => new EvidenceLine(
            f.Key.Tenant,
            f.Key.Unit,
            f.Key.Dimension,
            EvidenceQualifier.OnDay(f.Value),
            merged.TryGetValue(f.Key, out var a) ? $"aliases merged: {string.Join(", ", a)}" : null));
        return UnitTally.Of(lines, meter.Unit == UnitDimension.SubjectAndDeployment);
    }

    /// <summary>The kind of an activity as a billing person reads it: <c>meeting.hosted (origin teams, scheduled false)</c>.</summary>
    public static string KindText(Activity.ActivityKind kind)
    {
        var fields = new[] { ("action", kind.Action), ("deployment", kind.Deployment), ("origin", kind.Origin), ("scheduled", kind.Scheduled?.ToString().ToLowerInvariant()), ("space", kind.Space) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"{f.Item1} {f.Item2}")
            .ToList();
        return fields.Count == 0 ? $"'{kind.Type}'" : $"'{kind.Type}' ({string.Join(", ", fields)})";
    }

    // The same decisions as the loop above, in words, for the units a trace follows: the record's own subject, and the
    // user it counts for when it is an alias. Activity of a kind the rule does not count is named only on the days
    // measured; activity of a counted kind on other days is named, since it is what a reader expects to have counted.
    private static void Trace(UnitTrace trace, Activity.PresenceRecord record, uint hit, KindSelection selection, Subject counted, DateInterval days)
    {
        var followsSent = trace.Follows(record.Unit);
        var followsCounted = counted != record.Unit && trace.Follows(counted);
        if (!followsSent && !followsCounted)
        {
            return;
        }

        var why = selection.WhyNot(record.Kind);
        if (why is not null && hit == 0)
        {
            return;
        }

        var measured = IsoText.Of(days);
        var (code, text) = why is not null
            ? (TraceCodes.NotQualifying, $"{KindText(record.Kind)} activity on {DaysText(record, hit)}: not counted, {why}")
            : hit == 0
                ? (TraceCodes.OutsideWindow, $"{KindText(record.Kind)} activity on {DaysText(record, record.Days)}: a qualifying event, but on none of the days measured ({measured})")
                : (TraceCodes.Qualifying, $"{KindText(record.Kind)} activity on {DaysText(record, hit)}: a qualifying event within the days measured ({measured})");
        if (followsSent)
        {
            trace.Add(record.Tenant, record.Unit, code, text);
            if (counted != record.Unit)
            {
                trace.Add(record.Tenant, record.Unit, TraceCodes.Alias, $"'{record.Unit}' is an alias of '{counted}': its activity counts for '{counted}', never for the alias itself");
            }
        }

        if (followsCounted)
        {
            trace.Add(record.Tenant, counted, code, $"sent as its alias '{record.Unit}': {text}");
        }
    }

    private static string DaysText(Activity.PresenceRecord record, uint days) =>
        string.Join(", ", (record with { Days = days }).LocalDays().Select(IsoText.Of));

    /// <summary>The bits of the days of <paramref name="month"/> that lie in <paramref name="days"/>.</summary>
    public static uint DayMask(YearMonth month, DateInterval days)
    {
        var monthDays = month.ToDateInterval();
        var first = days.Start > monthDays.Start ? days.Start : monthDays.Start;
        var last = days.End < monthDays.End ? days.End : monthDays.End;
        var mask = 0u;
        for (var day = first; day <= last; day = day.PlusDays(1))
        {
            mask |= 1u << (day.Day - 1);
        }

        return mask;
    }
}
