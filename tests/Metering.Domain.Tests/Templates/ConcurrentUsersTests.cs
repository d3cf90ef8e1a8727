using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: people "logged in to the Application at any one time"; a subscription for every simultaneously connected subscriber, so the month's figure is the peak.</summary>
public class ConcurrentUsersTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData(new[] { "ana:s1:2025-03-03T10:00:00Z", "bob:s2:2025-03-03T10:29:59Z" }, 30, 2L)]
    [InlineData(new[] { "ana:s1:2025-03-03T10:00:00Z", "bob:s2:2025-03-03T10:30:00Z" }, 30, 1L)]
    [InlineData(new[] { "ana:s1:2025-03-03T10:00:00Z", "bob:s2:2025-03-03T10:30:00Z" }, 31, 2L)]
    [InlineData(new[] { "ana:s1:2025-03-03T10:00:00Z", "ana:s2:2025-03-03T10:05:00Z", "bob:s3:2025-03-03T10:10:00Z" }, 30, 2L)]
    public void The_Figure_Is_The_Most_Users_In_Session_At_One_Instant(string[] starts, int idleMinutes, long peak)
    {
        var scenario = new Scenario();
        foreach (var start in starts)
        {
            var parts = start.Split(':', 3);
            scenario.Session(parts[0], parts[2], EventCatalog.SessionStarted, parts[1]);
        }

        var measurement = scenario.Measure(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31", March, TemplateParameters.None.With(TemplateParameterRules.IdleTimeoutMinutes, idleMinutes));

        Assert.Equal(peak, measurement.Quantity);
    }

    [Fact]
    public void A_Session_Opened_Late_On_The_Last_Evening_Of_February_Counts_In_March()
    {
        // 23:50 in Paris on 28 February is 22:50Z; with heartbeats the session is open at midnight local.
        var scenario = new Scenario("Europe/Paris")
            .Session("ana", "2025-02-28T23:50:00+01:00", EventCatalog.SessionStarted, "s1")
            .Session("bob", "2025-03-01T00:10:00+01:00", EventCatalog.SessionStarted, "s2");

        var measurement = scenario.Measure(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31", March);

        Assert.Equal(2, measurement.Quantity);
        Assert.All(measurement.Evidence, e => Assert.Equal("2025-02-28T23:10:00Z", e.Qualifier.Text));
    }

    [Fact]
    public void A_Session_Across_The_Spring_Forward_Hour_Lasts_Its_Real_Thirty_Minutes()
    {
        // 01:50 in Paris on 30 March 2025 is 00:50Z; the clocks jump from 02:00 to 03:00 at 01:00Z, so 03:15 local (01:15Z) is inside the session.
        var scenario = new Scenario("Europe/Paris")
            .Session("ana", "2025-03-30T01:50:00+01:00", EventCatalog.SessionStarted, "s1")
            .Session("bob", "2025-03-30T03:15:00+02:00", EventCatalog.SessionStarted, "s2");

        Assert.Equal(2, scenario.Measure(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void An_Ended_Session_Frees_Its_Place_At_Once()
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-03T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("ana", "2025-03-03T10:05:00Z", EventCatalog.SessionEnded, "s1")
            .Session("bob", "2025-03-03T10:05:00Z", EventCatalog.SessionStarted, "s2");

        Assert.Equal(1, scenario.Measure(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31", March).Quantity);
    }
}
