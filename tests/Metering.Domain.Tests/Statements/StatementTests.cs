using CsCheck;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Statements;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Statements;

/// <summary>
/// Issue 11, interim statements (domain part): which periods of a long window get one, what each reports, and that
/// the statements of a window, taken together, give its invoice's figures.
/// </summary>
public class StatementTests
{
    private static readonly TemplateParameters Flex = TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000);

    [Theory]
    [InlineData(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, 4, StatementKind.Period, "period 1")]
    [InlineData(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27", 0, 12, StatementKind.MonthOfDistinctCount, "month from 2024-02-29")]
    [InlineData(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31", 0, 12, StatementKind.MonthOfDistinctCount, "2025-09")]
    [InlineData(TemplateNames.TermLogins, "2024-06-10", "2027-06-09", 0, 36, StatementKind.MonthOfDistinctCount, "month from 2024-06-10")]
    [InlineData(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", 0, 12, StatementKind.MonthOfAverage, "contract month 1")]
    [InlineData(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", 0, 0, StatementKind.Period, null)]
    [InlineData(TemplateNames.Rolling12Months, "2024-01-01", "2025-12-31", 0, 0, StatementKind.Period, null)]
    [InlineData(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31", 0, 0, StatementKind.Period, null)]
    public void A_Long_Window_Gets_A_Statement_Per_Period_Or_Month(string template, string start, string end, int window, int periods, StatementKind kind, string? firstLabel)
    {
        var scenario = new Scenario();
        var contract = scenario.Contract(template, start, end, template == TemplateNames.FlexTrueForward ? Flex : null);

        var found = StatementCalendar.PeriodsOf(scenario.Windows(contract)[window]);

        Assert.Equal(periods, found.Length);
        if (firstLabel is not null)
        {
            Assert.All(found, p => Assert.Equal(kind, p.Kind));
            Assert.Equal(firstLabel, found[0].Label);
            Assert.Equal(Enumerable.Range(0, periods), found.Select(p => p.Index));
        }
    }

    // Done when: a ninety-day-peak contract starting 2024-02-29, as of 2025-06-10, has the statement of the first 90-day
    // period of the second subscription year, without waiting for 2026.
    [Fact]
    public void The_First_Period_Of_The_Second_Year_Of_A_29_February_Subscription_Reports_Before_The_Year_Ends()
    {
        var scenario = new Scenario()
            .Active("ana", "2025-03-01", EventCatalog.AppLaunched)
            .Active("bob", "2025-05-28", EventCatalog.AppLaunched)
            .Active("cy", "2025-05-29", EventCatalog.AppLaunched)
            .Active("dee", "2025-02-27", EventCatalog.AppLaunched);
        var contract = scenario.Contract(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27");
        var year = scenario.Windows(contract)[1];
        var first = StatementCalendar.PeriodsOf(year)[0];

        var statement = StatementMeasurement.Of(contract, year, first, scenario.InputsFor(year));

        Assert.Equal("2025-02-28_2026-02-27", year.Window.Id);
        Assert.Equal("2025-02-28_2025-05-28", first.Id);
        Assert.Equal(2, statement.Count);
        Assert.Equal(["ana", "bob"], statement.Evidence.Select(e => e.Unit.Value));
        Assert.Equal(
            [("period-count", 2m), ("running-maximum", 2m), ("days-remaining", 275m), ("days-uncovered", 5m)],
            statement.Figures.Select(f => (f.Name, f.Value)));
    }

    [Fact]
    public void A_Month_Of_A_Distinct_Count_Reports_The_Count_So_Far_And_The_Units_It_Saw_First()
    {
        var scenario = new Scenario()
            .Active("ana", "2025-09-03").Active("bob", "2025-09-20")
            .Active("ana", "2025-10-01").Active("cy", "2025-10-31")
            .Active("bob", "2025-11-05");
        var contract = scenario.Contract(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31");
        var year = scenario.Windows(contract)[0];
        var periods = StatementCalendar.PeriodsOf(year);

        var statements = periods.Take(3).Select(p => StatementMeasurement.Of(contract, year, p, scenario.InputsFor(year))).ToList();

        Assert.Equal([(2L, 2m), (1L, 3m), (0L, 3m)], statements.Select(s => (s.Count, s.Figures.Single(f => f.Name == "distinct-so-far").Value)));
        Assert.Equal(["cy"], statements[1].Evidence.Select(e => e.Unit.Value));
    }

    [Fact]
    public void A_Month_Of_An_Averaged_Year_Reports_Its_Count_And_The_Running_Average()
    {
        var scenario = new Scenario();
        foreach (var (host, day) in new[] { ("ana", "2025-01-10"), ("bob", "2025-01-11"), ("ana", "2025-02-10"), ("cy", "2025-03-10"), ("dee", "2025-03-11"), ("ed", "2025-03-12") })
        {
            scenario.Hosted(host, day);
        }

        var contract = scenario.Contract(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", Flex);
        var year = scenario.Windows(contract)[0];

        var statements = StatementCalendar.PeriodsOf(year).Take(3).Select(p => StatementMeasurement.Of(contract, year, p, scenario.InputsFor(year))).ToList();

        Assert.Equal([2L, 1L, 3L], statements.Select(s => s.Count));
        Assert.Equal([2m, 1.5m, 2m], statements.Select(s => s.Figures.Single(f => f.Name == "running-average").Value));
    }

    [Fact]
    public void A_Period_Of_Another_Window_Is_Refused()
    {
        var scenario = new Scenario();
        var contract = scenario.Contract(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27");
        var windows = scenario.Windows(contract);

        Assert.Throws<ArgumentException>(() => StatementMeasurement.Of(contract, windows[0], StatementCalendar.PeriodsOf(windows[1])[0], scenario.InputsFor(windows[0])));
    }

    // The year's invoice agrees with its statements: each period's or month's count is the invoice's sub-window count,
    // the last running figure is the invoice's, and the newly seen units of the months are the invoice's evidence.
    [Theory]
    [InlineData(TemplateNames.NinetyDayPeak)]
    [InlineData(TemplateNames.ContractYearActive)]
    [InlineData(TemplateNames.FlexTrueForward)]
    public void The_Statements_Of_A_Year_Reproduce_Its_Invoice_Figures(string template)
    {
        // Some users declare another's id as an alias, on any day of the year: the months are measured with what the
        // window's invoice resolves, so they agree with it however late in the year an alias is declared.
        var gen =
            from users in Gen.Int[1, 12]
            from days in Gen.Int[0, 364].Array[1, 6].Array[users]
            from aliases in Gen.Select(Gen.Int[0, 11], Gen.Int[0, 11], Gen.Int[0, 364]).Array[0, 3]
            select (days, aliases);
        gen.Sample(sample =>
        {
            var (days, aliases) = sample;
            var scenario = new Scenario();
            for (var u = 0; u < days.Length; u++)
            {
                foreach (var day in days[u])
                {
                    var date = new NodaTime.LocalDate(2025, 1, 1).PlusDays(day).ToString("yyyy-MM-dd", null);
                    _ = template == TemplateNames.FlexTrueForward ? scenario.Hosted($"u{u}", date) : scenario.Active($"u{u}", date, EventCatalog.AppLaunched);
                }
            }

            foreach (var (user, alias, day) in aliases.Where(a => a.Item1 != a.Item2 && a.Item1 < days.Length && a.Item2 < days.Length))
            {
                var time = new NodaTime.LocalDate(2025, 1, 1).PlusDays(day).ToString("yyyy-MM-dd", null) + "T12:00:00Z";
                scenario.Fact($"u{user}", time, EventCatalog.UserCreated, new EventData { Aliases = [$"u{alias}"] });
            }

            var contract = scenario.Contract(template, "2025-01-01", "2026-12-31", template == TemplateNames.FlexTrueForward ? Flex : null);
            var year = scenario.Windows(contract)[0];
            var invoice = RuleEngine.Measure(contract, year, scenario.InputsFor(year));
            // Each statement reads only what the close reads for it: the window's data through the period's end.
            var statements = StatementCalendar.PeriodsOf(year)
                .Select(p => StatementMeasurement.Of(contract, year, p, scenario.InputsFor(StatementCalendar.NeedsOf(contract, year, p))))
                .ToList();

            switch (statements[0].Period.Kind)
            {
                case StatementKind.Period:
                    Assert.Equal(invoice.SubWindows.Select(s => s.Count), statements.Select(s => s.Count));
                    Assert.Equal(invoice.Quantity, statements[^1].Figures.Single(f => f.Name == "running-maximum").Value);
                    break;
                case StatementKind.MonthOfAverage:
                    Assert.Equal(invoice.SubWindows.Select(s => s.Count), statements.Select(s => s.Count));
                    Assert.Equal(invoice.TrueForward!.MonthlyCounts, statements.Select(s => s.Count));
                    Assert.Equal(invoice.Figures.Single(f => f.Name == "mean-monthly-hosts").Value, statements[^1].Figures.Single(f => f.Name == "running-average").Value);
                    break;
                default:
                    Assert.Equal(invoice.Quantity, statements.Sum(s => s.Count));
                    Assert.Equal(invoice.Quantity, statements[^1].Figures.Single(f => f.Name == "distinct-so-far").Value);
                    // The same units on the same first days; a line's detail names the aliases seen merged by the
                    // month's end, the invoice's those seen by the year's.
                    Assert.Equal(
                        invoice.Evidence.Select(l => (l.Tenant, l.Unit, l.Dimension, l.Qualifier)),
                        statements.SelectMany(s => s.Evidence).OrderBy(l => l, Metering.Domain.Rules.EvidenceLine.Order).Select(l => (l.Tenant, l.Unit, l.Dimension, l.Qualifier)));
                    break;
            }
        }, iter: 40);
    }
}
