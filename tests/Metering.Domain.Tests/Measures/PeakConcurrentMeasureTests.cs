using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Tests.Support;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Measures;

public class PeakConcurrentMeasureTests
{
    private static readonly BillingWindow March = new(
        WindowSchemeKind.CalendarMonth, new DateInterval(Scenario.Day("2025-03-01"), Scenario.Day("2025-03-31")), DateTimeZone.Utc, [], null, false);

    [Fact]
    public void Users_Count_Once_However_Many_Sessions_They_Have_Open()
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-03T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("ana", "2025-03-03T10:01:00Z", EventCatalog.SessionStarted, "s2")
            .Session("bob", "2025-03-03T10:02:00Z", EventCatalog.SessionStarted, "s3");

        var tally = Count(scenario, Duration.FromMinutes(30));

        Assert.Equal(2, tally.Count);
        Assert.All(tally.Evidence, e => Assert.Equal("2025-03-03T10:02:00Z", e.Qualifier.Text));
    }

    [Theory]
    [InlineData(30, 1)]
    [InlineData(61, 2)]
    public void Whether_Two_Users_Overlap_Depends_On_The_Idle_Timeout(int minutes, int peak)
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-03T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("bob", "2025-03-03T11:00:00Z", EventCatalog.SessionStarted, "s2");

        Assert.Equal(peak, Count(scenario, Duration.FromMinutes(minutes)).Count);
    }

    [Fact]
    public void A_Session_Opened_Before_The_Window_Counts_From_The_Window_Start()
    {
        var scenario = new Scenario()
            .Session("ana", "2025-02-28T23:50:00Z", EventCatalog.SessionStarted, "s1")
            .Session("bob", "2025-02-28T23:55:00Z", EventCatalog.SessionStarted, "s2");

        var tally = Count(scenario, Duration.FromMinutes(30));

        Assert.Equal(2, tally.Count);
        Assert.All(tally.Evidence, e => Assert.Equal("2025-03-01T00:00:00Z", e.Qualifier.Text));
    }

    [Fact]
    public void A_Session_Starting_At_The_Window_End_Is_Outside() =>
        Assert.Equal(0, Count(new Scenario().Session("ana", "2025-04-01T00:00:00Z", EventCatalog.SessionStarted, "s1"), Duration.FromMinutes(30)).Count);

    [Fact]
    public void A_Non_Positive_Idle_Timeout_Is_Rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Count(new Scenario(), Duration.Zero));

    private static UnitTally Count(Scenario scenario, Duration idle) =>
        PeakConcurrentMeasure.Count(idle, March, MeasureContext.Of([scenario.Tenant], scenario.Inputs()));
}
