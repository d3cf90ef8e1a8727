using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;
using NodaTime;

namespace Metering.Domain.Tests.Templates;

/// <summary>
/// Seed 001 (Cisco Flex Plan): at least 250 knowledge workers; the AU minimum starts at the greater of 40 and 15% of
/// knowledge workers (or the migrated count); each year two meters, Average Active Users and 15% of deployed
/// knowledge workers, raise it when greater; the increase is owed for the rest of the term; it never decreases.
/// </summary>
public class FlexTrueForwardTests
{
    private const string FirstYear = "2025-01-01_2025-12-31";
    private const string SecondYear = "2026-01-01_2026-12-31";

    [Theory]
    [InlineData(1000L, null, 100, null, 150L, 100L, 150L, 150L, 0L)]
    [InlineData(1000L, null, 160, null, 150L, 160L, 150L, 160L, 10L)]
    [InlineData(1000L, null, 100, 1201L, 150L, 100L, 181L, 181L, 31L)]
    [InlineData(1000L, 300L, 100, null, 300L, 100L, 150L, 300L, 0L)]
    [InlineData(250L, null, 10, null, 40L, 10L, 38L, 40L, 0L)]
    [InlineData(2000L, null, 0, 100L, 300L, 0L, 15L, 300L, 0L)]
    public void The_AU_Minimum_Rises_To_The_Greater_Meter_At_The_Anniversary(
        long knowledgeWorkers, long? migrated, int hostsEachMonth, long? deployedReported, long before, long average, long deployedMeter, long after, long increase)
    {
        var scenario = new Scenario();
        HostEveryMonth(scenario, 2025, _ => hostsEachMonth);
        if (deployedReported is { } deployed)
        {
            scenario.Fact("acme-org", "2025-11-30T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = deployed });
        }

        var parameters = TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, knowledgeWorkers);
        var result = Measure(scenario, FirstYear, migrated is { } users ? parameters.With(TemplateParameterRules.MigratedActiveUsers, users) : parameters).TrueForward!;

        Assert.Equal((before, average, deployedMeter, after, increase), (result.MinimumBefore, result.AverageActiveUsers, result.DeployedMeter, result.MinimumAfter, result.Increase));
    }

    [Fact]
    public void Average_Active_Users_Round_Up_The_Mean_Of_Twelve_Contract_Months()
    {
        var scenario = new Scenario();
        HostEveryMonth(scenario, 2025, month => month % 2 == 0 ? 200 : 201);

        var measurement = Measure(scenario, FirstYear, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000));

        Assert.Equal(201, measurement.TrueForward!.AverageActiveUsers);
        Assert.Equal(200.5m, measurement.Figures.Single(f => f.Name == "mean-monthly-hosts").Value);
        Assert.Equal([201L, 200L, 201L, 200L, 201L, 200L, 201L, 200L, 201L, 200L, 201L, 200L], measurement.TrueForward.MonthlyCounts.ToArray());
        Assert.Equal(Enumerable.Range(1, 12).Select(k => $"contract month {k}"), measurement.SubWindows.Select(s => s.Label));
        Assert.Equal(201, measurement.Quantity);
    }

    [Fact]
    public void The_Minimum_Never_Decreases_And_Each_True_Forward_Is_Owed_For_The_Months_Left()
    {
        var scenario = new Scenario();
        HostEveryMonth(scenario, 2025, _ => 200);
        HostEveryMonth(scenario, 2026, _ => 100);
        var parameters = TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000);

        var first = Measure(scenario, FirstYear, parameters).TrueForward!;
        var second = Measure(scenario, SecondYear, parameters).TrueForward!;

        Assert.Equal((150L, 200L, 50L, 24), (first.MinimumBefore, first.MinimumAfter, first.Increase, first.MonthsRemaining));
        Assert.Equal((200L, 100L, 200L, 0L, 12), (second.MinimumBefore, second.AverageActiveUsers, second.MinimumAfter, second.Increase, second.MonthsRemaining));
    }

    [Theory]
    [InlineData("2025-12-31T23:59:59Z", 1000L)]
    [InlineData("2026-01-01T00:00:00Z", 800L)]
    public void Deployed_Knowledge_Workers_Are_The_Sum_Of_Each_Organisations_Last_Report_Before_The_Anniversary(string secondReport, long deployed)
    {
        var scenario = new Scenario()
            .Fact("org-a", "2025-06-01T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = 500 })
            .Fact("org-a", secondReport, EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = 700 })
            .Fact("org-b", "2025-03-01T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = 300 });

        var result = Measure(scenario, FirstYear, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 600)).TrueForward!;

        Assert.Equal(deployed, result.DeployedKnowledgeWorkers);
        Assert.Equal((long)Math.Ceiling(deployed * 0.15m), result.DeployedMeter);
    }

    [Fact]
    public void The_Webex_Variant_Sets_The_Minimum_At_Ten_Percent_Of_Employees()
    {
        var parameters = TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 300).With(TemplateParameterRules.Employees, 5000).With(TemplateParameterRules.MinimumBase, "employees").With(TemplateParameterRules.MinimumPercent, 10m);

        var result = Measure(new Scenario(), FirstYear, parameters).TrueForward!;

        Assert.Equal(500, result.MinimumBefore);
    }

    [Fact]
    public void An_Order_Below_250_Knowledge_Workers_Is_Not_Eligible()
    {
        Assert.Throws<ArgumentException>(() => Measure(new Scenario(), FirstYear, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 249)));
    }

    [Fact]
    public void The_Evidence_Names_Every_Host_In_Every_Contract_Month()
    {
        var scenario = new Scenario().Hosted("ana", "2025-01-05").Hosted("ana", "2025-03-05").Hosted("bob", "2025-03-06");

        var measurement = Measure(scenario, FirstYear, TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000));

        Assert.Equal(
            [("ana", "2025-01-05"), ("ana", "2025-03-05"), ("bob", "2025-03-06")],
            measurement.Evidence.Select(e => (e.Unit.Value, e.Qualifier.Text)));
        Assert.Equal("hosted in contract month 3 (2025-03-01 to 2025-03-31)", measurement.Evidence[1].Detail);
    }

    private static void HostEveryMonth(Scenario scenario, int year, Func<int, int> hostsInMonth)
    {
        for (var month = 1; month <= 12; month++)
        {
            for (var host = 0; host < hostsInMonth(month); host++)
            {
                scenario.Hosted($"host-{host}", new LocalDate(year, month, 1 + (host % 28)).ToString("yyyy-MM-dd", null));
            }
        }
    }

    private static Measurement Measure(Scenario scenario, string window, TemplateParameters parameters) =>
        scenario.Measure(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", window, parameters);
}
