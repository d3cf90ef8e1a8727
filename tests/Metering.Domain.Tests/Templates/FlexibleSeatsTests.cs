using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 004 (Open LMS, monthly flexible seats): a user with an account, not suspended (the clause's suspended users are deactivated accounts, so neither counts), enrolled in at least one visible course (used or not); suspended users and users whose enrolments are all suspended are not counted.</summary>
public class FlexibleSeatsTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData(null, null, null, 1)]
    [InlineData(EventCatalog.UserSuspended, "2025-02-01T00:00:00Z", null, 0)]
    [InlineData(EventCatalog.UserSuspended, "2025-03-15T00:00:00Z", null, 1)]
    [InlineData(EventCatalog.UserDeactivated, "2025-02-01T00:00:00Z", null, 0)]
    [InlineData(EventCatalog.UserDeactivated, "2025-03-15T00:00:00Z", null, 1)]
    [InlineData(EventCatalog.EnrollmentSuspended, "2025-02-01T00:00:00Z", null, 0)]
    [InlineData(EventCatalog.EnrollmentDeleted, "2025-03-01T00:00:00Z", null, 0)]
    [InlineData(EventCatalog.UserDeleted, "2025-02-15T00:00:00Z", null, 0)]
    [InlineData(null, null, "2025-02-01T00:00:00Z", 0)]
    [InlineData(null, null, "2025-03-20T00:00:00Z", 1)]
    public void A_Seat_Is_Used_By_An_Unsuspended_User_Enrolled_In_A_Visible_Course_At_Some_Instant_Of_The_Month(string? change, string? changedAt, string? courseHiddenAt, int count)
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" });
        if (change is not null)
        {
            scenario.Fact("ana", changedAt!, change, new EventData { CourseId = "algebra" });
        }

        if (courseHiddenAt is not null)
        {
            scenario.Fact("algebra", courseHiddenAt, EventCatalog.CourseVisibility, new EventData { Visible = false });
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void A_User_Created_Deactivated_Is_A_Suspended_User_Until_Activated()
    {
        // "Suspended Users (that is, user accounts that are deactivated so that the User cannot access the system)".
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Active = false })
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" })
            .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Active = false })
            .Fact("bob", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" })
            .Fact("bob", "2025-03-31T21:00:00Z", EventCatalog.UserActivated);

        var measurement = scenario.Measure(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31", March);

        Assert.Equal(1, measurement.Quantity);
        Assert.Equal(["bob"], measurement.Evidence.Select(e => e.Unit.Value));
    }

    [Fact]
    public void One_Visible_Course_Is_Enough_When_Others_Are_Hidden_Or_Suspended()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "hidden" })
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "paused" })
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "open" })
            .Fact("ana", "2025-01-07T00:00:00Z", EventCatalog.EnrollmentSuspended, new EventData { CourseId = "paused" })
            .Fact("hidden", "2025-01-01T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = false });

        Assert.Equal(1, scenario.Measure(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void The_Course_Must_Be_Visible_While_The_Enrolment_Is_Active_Not_Merely_In_The_Same_Month()
    {
        // Enrolled from 20 March in a course hidden from 10 March: the two never overlap.
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-20T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" })
            .Fact("algebra", "2025-03-10T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = false });

        Assert.Equal(0, scenario.Measure(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void Visibility_Of_A_Course_In_Another_Tenant_Does_Not_Apply()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" })
            .Fact("algebra", "2025-01-01T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = false }, tenant: "other");

        Assert.Equal(1, scenario.Measure(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }
}
