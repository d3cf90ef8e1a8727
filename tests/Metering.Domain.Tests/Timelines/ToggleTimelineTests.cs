using Metering.Domain.Events;
using Metering.Domain.Tests.Support;
using Metering.Domain.Timelines;

namespace Metering.Domain.Tests.Timelines;

public class ToggleTimelineTests
{
    [Theory]
    [InlineData("2025-03-01T08:59:59Z", false)]
    [InlineData("2025-03-01T09:00:00Z", true)]
    [InlineData("2025-03-10T12:00:00Z", true)]
    [InlineData("2025-03-15T00:00:00Z", false)]
    [InlineData("2025-03-20T00:00:00Z", true)]
    public void An_Endpoint_Is_Protected_From_A_Start_Or_Heartbeat_Until_Unprotected(string at, bool protectedThen)
    {
        var scenario = new Scenario()
            .Fact("laptop-7", "2025-03-01T09:00:00Z", EventCatalog.EndpointProtected)
            .Fact("laptop-7", "2025-03-05T09:00:00Z", EventCatalog.EndpointProtected)
            .Fact("laptop-7", "2025-03-15T00:00:00Z", EventCatalog.EndpointUnprotected)
            .Fact("laptop-7", "2025-03-20T00:00:00Z", EventCatalog.EndpointProtected);

        var set = ToggleTimeline.On(scenario.Facts, EventCatalog.EndpointProtected, EventCatalog.EndpointUnprotected);

        Assert.Equal(protectedThen, set.Contains(Scenario.Utc(at)));
    }

    [Fact]
    public void A_Course_Never_Reported_Is_Visible_At_Every_Instant()
    {
        Assert.True(ToggleTimeline.Visible([]).Contains(Scenario.Utc("1999-01-01T00:00:00Z")));
    }

    [Theory]
    [InlineData("2025-03-09T23:59:59Z", true)]
    [InlineData("2025-03-10T00:00:00Z", false)]
    [InlineData("2025-03-20T00:00:00Z", true)]
    public void A_Course_Is_Visible_Unless_Its_Last_Visibility_Report_Says_Hidden(string at, bool visible)
    {
        var scenario = new Scenario()
            .Fact("course-1", "2025-03-10T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = false })
            .Fact("course-1", "2025-03-20T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = true });

        Assert.Equal(visible, ToggleTimeline.Visible(scenario.Facts).Contains(Scenario.Utc(at)));
    }
}
