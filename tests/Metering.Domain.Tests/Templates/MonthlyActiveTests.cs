using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: "the number of individuals that access the Cloud Service at any time during a calendar month".</summary>
public class MonthlyActiveTests
{
    [Theory]
    [InlineData("2025-03-01T00:00:00+01:00", "2025-03-01_2025-03-31", 1)]
    [InlineData("2025-02-28T23:59:59+01:00", "2025-03-01_2025-03-31", 0)]
    [InlineData("2025-03-30T03:30:00+02:00", "2025-03-01_2025-03-31", 1)]
    [InlineData("2025-03-31T23:59:59+02:00", "2025-03-01_2025-03-31", 1)]
    [InlineData("2025-04-01T00:30:00+02:00", "2025-03-01_2025-03-31", 0)]
    [InlineData("2025-04-01T00:30:00+02:00", "2025-04-01_2025-04-30", 1)]
    public void A_Person_Who_Accessed_The_Service_On_A_Local_Day_Of_The_Month_Counts_In_Paris(string accessed, string window, int count)
    {
        var scenario = new Scenario("Europe/Paris").ActiveAt("ana", accessed, EventCatalog.UserActivity);

        Assert.Equal(count, scenario.Measure(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", window).Quantity);
    }

    [Theory]
    [InlineData("2025-09-07T03:59:59Z", 0)]
    [InlineData("2025-09-07T04:00:00Z", 1)]
    [InlineData("2025-10-01T02:59:59Z", 1)]
    [InlineData("2025-10-01T03:00:00Z", 0)]
    public void In_Santiago_A_Term_Starting_On_The_Day_Without_Midnight_Counts_Its_Local_Days(string accessed, int count)
    {
        var scenario = new Scenario("America/Santiago").ActiveAt("ana", accessed);

        Assert.Equal(count, scenario.Measure(TemplateNames.MonthlyActive, "2025-09-07", "2026-09-06", "2025-09-07_2025-09-30").Quantity);
    }

    [Theory]
    [InlineData(EventCatalog.UserActivity)]
    [InlineData(EventCatalog.UserLogin)]
    [InlineData(EventCatalog.AppLaunched)]
    [InlineData(EventCatalog.ProfileUpdated)]
    [InlineData(EventCatalog.DataAccessed)]
    [InlineData(EventCatalog.MeetingHosted)]
    [InlineData(EventCatalog.ContentOpened)]
    public void Every_Activity_Event_Is_Access_Unless_The_Contract_Names_Types(string type)
    {
        var scenario = new Scenario().Active("ana", "2025-03-03", type);

        Assert.Equal(1, scenario.Measure(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    [Fact]
    public void Types_Narrow_What_Counts_As_Access()
    {
        var scenario = new Scenario().Active("ana", "2025-03-03", EventCatalog.UserLogin).Active("bob", "2025-03-04", EventCatalog.DataAccessed);

        var measurement = scenario.Measure(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31", TemplateParameters.None.With(TemplateParameterRules.Types, [EventCatalog.DataAccessed]));

        Assert.Equal(["bob"], Scenario.Units(measurement).ToArray());
    }

    [Fact]
    public void Individuals_Count_Once_However_Often_They_Access_And_Evidence_Gives_Each_First_Day()
    {
        var scenario = new Scenario()
            .Active("bob", "2025-03-20").Active("ana", "2025-03-11").Active("ana", "2025-03-02", EventCatalog.DataAccessed).Active("bob", "2025-03-21");

        var measurement = scenario.Measure(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31");

        Assert.Equal(2, measurement.Quantity);
        Assert.Equal([("ana", "2025-03-02"), ("bob", "2025-03-20")], measurement.Evidence.Select(e => (e.Unit.Value, e.Qualifier.Text)));
        Assert.Equal("active-users", measurement.Figures[0].Name);
        Assert.Contains(measurement.Policies, p => p.Contains("aliases resolved", StringComparison.Ordinal));
    }
}
