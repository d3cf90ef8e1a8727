using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 001 (SAP): individuals who launch a device application in a 90-day period; the year's count is the highest of its four consecutive periods from the effective date.</summary>
public class NinetyDayPeakTests
{
    private const string Year = "2025-01-01_2025-12-31";

    [Theory]
    [InlineData(new[] { "ana:2025-01-05", "bob:2025-02-01", "cy:2025-04-01" }, 2L, new[] { 2L, 1L, 0L, 0L })]
    [InlineData(new[] { "ana:2025-01-05", "ana:2025-04-05", "ana:2025-07-05", "ana:2025-10-05" }, 1L, new[] { 1L, 1L, 1L, 1L })]
    [InlineData(new[] { "ana:2025-03-31", "bob:2025-04-01", "cy:2025-06-29", "dee:2025-06-30" }, 2L, new[] { 1L, 2L, 1L, 0L })]
    [InlineData(new[] { "ana:2025-12-26", "bob:2025-12-27", "cy:2025-12-31" }, 1L, new[] { 0L, 0L, 0L, 1L })]
    public void The_Figure_Is_The_Highest_Of_The_Four_Period_Counts(string[] launches, long highest, long[] periods)
    {
        var scenario = new Scenario();
        foreach (var launch in launches)
        {
            scenario.Active(launch.Split(':')[0], launch.Split(':')[1], EventCatalog.AppLaunched);
        }

        var measurement = scenario.Measure(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", Year);

        Assert.Equal(highest, measurement.Quantity);
        Assert.Equal(periods, measurement.SubWindows.Select(s => s.Count));
        Assert.Equal(["period 1", "period 2", "period 3", "period 4"], measurement.SubWindows.Select(s => s.Label));
    }

    [Fact]
    public void Days_After_Day_360_Are_In_No_Period_And_The_Invoice_Says_So()
    {
        var scenario = new Scenario().Active("ana", "2025-12-28", EventCatalog.AppLaunched);

        var measurement = scenario.Measure(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", Year);

        Assert.Equal(0, measurement.Quantity);
        Assert.Contains(measurement.Notes, n => n.Contains("2025-12-27 to 2025-12-31", StringComparison.Ordinal) && n.Contains("not counted", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_Application_Launches_Count()
    {
        var scenario = new Scenario().Active("ana", "2025-01-05", EventCatalog.UserLogin);

        Assert.Equal(0, scenario.Measure(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", Year).Quantity);
    }

    [Fact]
    public void Evidence_Lists_The_Users_Of_The_Highest_Period_Naming_It()
    {
        var scenario = new Scenario()
            .Active("ana", "2025-01-05", EventCatalog.AppLaunched)
            .Active("bob", "2025-04-05", EventCatalog.AppLaunched)
            .Active("cy", "2025-05-05", EventCatalog.AppLaunched);

        var measurement = scenario.Measure(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", Year);

        Assert.Equal(["bob", "cy"], Scenario.Units(measurement).ToArray());
        Assert.All(measurement.Evidence, e => Assert.Equal("counted in period 2 (2025-04-01 to 2025-06-29)", e.Detail));
    }

    // docs/rules.md 5.15, decided: periods tied for the highest count give the figure once, and the earliest of them is
    // the one whose users are the evidence.
    [Fact]
    public void Of_Periods_Tied_For_The_Highest_Count_The_Earliest_Is_The_Evidence()
    {
        var scenario = new Scenario()
            .Active("ana", "2025-01-05", EventCatalog.AppLaunched)
            .Active("bob", "2025-07-05", EventCatalog.AppLaunched);

        var measurement = scenario.Measure(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31", Year);

        Assert.Equal(1, measurement.Quantity);
        Assert.Equal(["ana"], Scenario.Units(measurement).ToArray());
        Assert.All(measurement.Evidence, e => Assert.Equal("counted in period 1 (2025-01-01 to 2025-03-31)", e.Detail));
    }
}
