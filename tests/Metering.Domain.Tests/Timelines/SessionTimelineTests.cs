using Metering.Domain.Events;
using Metering.Domain.Tests.Support;
using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Tests.Timelines;

public class SessionTimelineTests
{
    private static readonly Duration HalfHour = Duration.FromMinutes(30);

    [Theory]
    [InlineData("2025-03-01T09:59:59Z", false)]
    [InlineData("2025-03-01T10:00:00Z", true)]
    [InlineData("2025-03-01T10:29:59Z", true)]
    [InlineData("2025-03-01T10:40:00Z", true)]
    [InlineData("2025-03-01T10:49:59Z", true)]
    [InlineData("2025-03-01T10:50:00Z", false)]
    public void A_Session_Stays_Open_For_The_Idle_Timeout_After_Its_Last_Event(string at, bool open)
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-01T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("ana", "2025-03-01T10:20:00Z", EventCatalog.SessionHeartbeat, "s1");

        Assert.Equal(open, SessionTimeline.InSession(scenario.Sessions, HalfHour).Contains(Scenario.Utc(at)));
    }

    [Theory]
    [InlineData("2025-03-01T10:04:59Z", true)]
    [InlineData("2025-03-01T10:05:00Z", false)]
    [InlineData("2025-03-01T10:19:59Z", false)]
    [InlineData("2025-03-01T10:20:00Z", true)]
    [InlineData("2025-03-01T10:49:59Z", true)]
    [InlineData("2025-03-01T10:50:00Z", false)]
    public void A_Session_Ends_At_Its_End_Event_And_An_Event_After_It_Opens_It_Again_From_That_Instant(string at, bool open)
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-01T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("ana", "2025-03-01T10:05:00Z", EventCatalog.SessionEnded, "s1")
            .Session("ana", "2025-03-01T10:20:00Z", EventCatalog.SessionHeartbeat, "s1");

        Assert.Equal(open, SessionTimeline.InSession(scenario.Sessions, HalfHour).Contains(Scenario.Utc(at)));
    }

    [Fact]
    public void The_End_Of_One_Session_Does_Not_Close_Another_Of_The_Same_User()
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-01T10:00:00Z", EventCatalog.SessionStarted, "s1")
            .Session("ana", "2025-03-01T10:01:00Z", EventCatalog.SessionStarted, "s2")
            .Session("ana", "2025-03-01T10:02:00Z", EventCatalog.SessionEnded, "s1");

        Assert.True(SessionTimeline.InSession(scenario.Sessions, HalfHour).Contains(Scenario.Utc("2025-03-01T10:20:00Z")));
    }

    [Fact]
    public void An_End_At_The_Instant_Of_A_Heartbeat_Closes_The_Session_At_Once()
    {
        var scenario = new Scenario()
            .Session("ana", "2025-03-01T10:00:00Z", EventCatalog.SessionHeartbeat, "s1")
            .Session("ana", "2025-03-01T10:00:00Z", EventCatalog.SessionEnded, "s1");

        Assert.True(SessionTimeline.InSession(scenario.Sessions, HalfHour).IsEmpty);
    }

    [Fact]
    public void A_Session_Open_Before_Midnight_Is_Still_Open_After_It()
    {
        var scenario = new Scenario("Europe/Paris").Session("ana", "2025-03-31T23:50:00+02:00", EventCatalog.SessionStarted, "s1");

        Assert.True(SessionTimeline.InSession(scenario.Sessions, HalfHour).Contains(scenario.At("2025-04-01T00:10:00+02:00")));
    }
}
