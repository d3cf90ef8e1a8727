using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Identity;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Timelines;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// The Flex Plan true forward (docs/rules.md, 5.13, seed 001) at one anniversary. The AU minimum starts at the migrated count,
/// or else the greater of the floor (40) and a percentage (15) of the order's base (knowledge workers, or employees
/// in the Webex variant), rounded up. At each anniversary inside the term two meters are taken over the contract
/// year just ended: Average Active Users, the mean of its twelve contract-month meeting-host counts rounded up;
/// and a percentage (15) of deployed knowledge workers, rounded up, where deployed knowledge workers are the sum
/// over organisations of their last <c>org.headcount</c> before the anniversary, or the order's knowledge workers
/// when none was reported. The new minimum is the greatest of the old one and both meters, so it never decreases;
/// the chain is recomputed from the first anniversary every time, so each true forward is reproducible alone.
/// </summary>
internal static class FlexTrueForward
{
    public const long DefaultFloor = 40;
    public const decimal DefaultPercent = 15m;

    public static Measurement Measure(DateInterval term, BillingWindow window, FlexParameters parameters, MeasureContext context)
    {
        var knowledgeWorkers = parameters.KnowledgeWorkers;
        var year = YearEndingAt(term, window.Days)
            ?? throw new ArgumentException($"Window {window.Id} is not a contract year that ends the day before an anniversary inside the term.", nameof(window));
        var deployedPercent = parameters.DeployedPercent;
        var meter = Presets.MeetingHostsMeter(parameters.Meetings, UnitDimension.Subject);
        var (minimum, initial) = InitialMinimum(parameters);
        var notes = new List<string> { initial };
        for (var j = 0; ; j++)
        {
            var anniversary = term.Start.PlusYears(j + 1);
            var cutoff = window.Zone.AtStartOfDay(anniversary).ToInstant();

            // Only the year this window bills is traced: the years before it set the minimum it starts from, but a
            // unit's reason is what happened in this one.
            var (months, aliases, tallies) = YearTallies(meter, term, j, window.Zone, j == year ? context : context with { Trace = null });
            var total = tallies.Sum(t => t.Count);
            var mean = (decimal)total / tallies.Count;
            var average = (long)Math.Ceiling(mean);
            var (deployed, headcount) = DeployedKnowledgeWorkers(context, cutoff, anniversary, knowledgeWorkers);
            var deployedMeter = (long)Math.Ceiling(deployedPercent * deployed / 100m);
            var after = Math.Max(minimum, Math.Max(average, deployedMeter));
            if (j < year)
            {
                notes.Add($"true forward at {IsoText.Of(anniversary)}: AU minimum {minimum} became {after} (Average Active Users {average}, deployed meter {deployedMeter})");
                minimum = after;
                continue;
            }

            notes.Add(headcount);
            var monthsRemaining = Period.Between(anniversary, term.End.PlusDays(1), PeriodUnits.Months).Months;
            var result = new TrueForwardResult(minimum, average, [.. tallies.Select(t => t.Count)], deployed, deployedMeter, after, after - minimum, monthsRemaining);
            var subWindows = months.Select((m, i) => new SubWindowFigure(m.Id, MonthLabel(i), tallies[i].Count)).ToImmutableArray();
            var evidence = tallies.SelectMany((t, i) => t.Evidence.Select(l => UnitTally.WithDetail(l, $"hosted in {MonthLabel(i)} ({IsoText.Of(months[i].Days)})")));
            ImmutableArray<NamedFigure> figures =
            [
                new("au-minimum", after),
                new("au-minimum-before", minimum),
                NamedFigure.RoundedUp("average-active-users", total, tallies.Count),
                NamedFigure.Mean("mean-monthly-hosts", total, tallies.Count),
                new("deployed-knowledge-workers", deployed),
                new("deployed-meter", deployedMeter),
                new("true-forward-increase", after - minimum),
                new("months-remaining", monthsRemaining),
            ];
            var policies = new List<string>
            {
                PolicyText.Window(window),
                PolicyText.Unit(meter),
                PolicyText.Selection(meter),
                "Average Active Users = the mean of the twelve contract-month counts of distinct meeting hosts, rounded up",
                $"deployed meter = {Text(deployedPercent)}% of deployed knowledge workers, rounded up: the sum over organisations of the last org.headcount before the anniversary, else the order's {knowledgeWorkers} knowledge workers",
                "AU minimum at each anniversary = the greatest of the previous minimum and both meters; it never decreases and is recomputed from the first anniversary",
                "true forward = the increase of the AU minimum, owed for the whole months left in the term",
            };
            return RuleEvaluation.Build(after, figures, subWindows, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal), policies, aliases.Anomalies, evidence, notes) with { TrueForward = result };
        }
    }

    /// <summary>The label of contract month <paramref name="index"/> (from 0) of a true-forward year, in the seed's words: <c>contract month 4</c>.</summary>
    public static string MonthLabel(int index) => $"contract month {index + 1}";

    /// <summary>The meeting hosts of each of the twelve contract months of the contract year <paramref name="window"/> is (its sub-windows, for statements).</summary>
    public static List<UnitTally> MonthTallies(DateInterval term, BillingWindow window, FlexParameters parameters, MeasureContext context)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var year = YearEndingAt(term, window.Days)
            ?? throw new ArgumentException($"Window {window.Id} is not a contract year that ends the day before an anniversary inside the term.", nameof(window));
        return YearTallies(Presets.MeetingHostsMeter(parameters.Meetings, UnitDimension.Subject), term, year, window.Zone, context).Tallies;
    }

    // Contract year j's months, with aliases as declared before its anniversary, each counted on its own.
    private static (ImmutableArray<BillingWindow> Months, AliasDirectory Aliases, List<UnitTally> Tallies) YearTallies(MeterSpec meter, DateInterval term, int j, DateTimeZone zone, MeasureContext context)
    {
        var cutoff = zone.AtStartOfDay(term.Start.PlusYears(j + 1)).ToInstant();
        var months = WindowCuts.ContractMonths(term.Start, j, zone);
        var aliases = meter.ResolveAliases ? AliasDirectory.Of(context.Tenants, context.Inputs, cutoff) : AliasDirectory.None;
        var tallies = months.Select((m, i) =>
        {
            using var scope = context.Trace?.Within($"{MonthLabel(i)} ({IsoText.Of(m.Days)})");
            return DistinctActiveMeasure.Count(meter, m.Days, context, aliases);
        }).ToList();
        return (months, aliases, tallies);
    }

    /// <summary>The initial AU minimum and a sentence that explains it.</summary>
    public static (long Minimum, string Explanation) InitialMinimum(FlexParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.MigratedActiveUsers is { } migrated)
        {
            return (migrated, $"initial AU minimum {migrated}: the Active Users of the migrated subscription");
        }

        var (size, word) = parameters.MinimumBase == TemplateParameterRules.EmployeesBase
            ? (parameters.Employees ?? throw new ArgumentException("MinimumBase is employees but Employees is not given.", nameof(parameters)), "employees")
            : (parameters.KnowledgeWorkers, "knowledge workers");
        var floor = parameters.MinimumFloor;
        var percent = parameters.MinimumPercent;
        var minimum = Math.Max(floor, (long)Math.Ceiling(percent * size / 100m));
        return (minimum, $"initial AU minimum {minimum}: the greater of {floor} and {Text(percent)}% of {size} {word}, rounded up");
    }

    /// <summary>The contract year (0 for the first) that <paramref name="days"/> is, when it ends the day before an anniversary inside the term.</summary>
    private static int? YearEndingAt(DateInterval term, DateInterval days)
    {
        for (var n = Math.Max(0, days.Start.Year - term.Start.Year - 1); term.Start.PlusYears(n) <= days.Start; n++)
        {
            if (term.Start.PlusYears(n) == days.Start && term.Start.PlusYears(n + 1).PlusDays(-1) == days.End && term.Start.PlusYears(n + 1) <= term.End)
            {
                return n;
            }
        }

        return null;
    }

    private static (long Deployed, string Explanation) DeployedKnowledgeWorkers(MeasureContext context, Instant before, LocalDate anniversary, long ordered)
    {
        long sum = 0;
        var reports = new List<string>();
        foreach (var tenant in context.Tenants)
        {
            foreach (var (organisation, facts) in context.Inputs.TimelinesOf(tenant, FactFamily.Organisation).OrderBy(o => o.Key))
            {
                if (Headcount.DeployedKnowledgeWorkersBefore(facts, before) is { } last)
                {
                    sum = checked(sum + last.Value);
                    reports.Add($"'{organisation}' ({tenant}) {last.Value} reported {IsoText.Of(last.At)}");
                }
            }
        }

        return reports.Count == 0
            ? (ordered, $"no org.headcount with deployed knowledge workers before {IsoText.Of(anniversary)}: the order's {ordered} knowledge workers are used")
            : (sum, $"deployed knowledge workers before {IsoText.Of(anniversary)}: {sum} = {string.Join(" + ", reports)}");
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
