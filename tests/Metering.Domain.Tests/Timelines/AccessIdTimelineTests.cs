using Metering.Domain.Events;
using Metering.Domain.Tests.Support;
using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Tests.Timelines;

public class AccessIdTimelineTests
{
    [Fact]
    public void A_Code_Is_Assigned_From_Its_Assignment_Until_Its_Revocation()
    {
        var timeline = AccessIdTimeline.Of(new Scenario()
            .Fact("AID-1", "2025-03-01T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" })
            .Fact("AID-1", "2025-03-10T00:00:00Z", EventCatalog.AccessIdRevoked).Facts);

        Assert.True(timeline.Assigned.Contains(Scenario.Utc("2025-03-01T00:00:00Z")));
        Assert.False(timeline.Assigned.Contains(Scenario.Utc("2025-03-10T00:00:00Z")));
    }

    [Fact]
    public void The_Users_Of_A_Code_In_A_Window_Are_Every_User_It_Was_Assigned_To_Then()
    {
        var timeline = AccessIdTimeline.Of(new Scenario()
            .Fact("AID-1", "2025-02-01T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "zoe" })
            .Fact("AID-1", "2025-03-05T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" })
            .Fact("AID-1", "2025-04-01T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "bob" }).Facts);

        var march = new Interval(Scenario.Utc("2025-03-01T00:00:00Z"), Scenario.Utc("2025-04-01T00:00:00Z"));

        Assert.Equal(["ana", "zoe"], timeline.HoldersDuring(march).ToArray());
    }
}
