using Metering.Domain.Events;
using Metering.Domain.Tests.Support;
using Metering.Domain.Timelines;

namespace Metering.Domain.Tests.Timelines;

public class UserTimelineTests
{
    [Fact]
    public void Creation_Starts_An_Incarnation_Of_A_Person_With_The_Active_Flag_On()
    {
        var state = Timeline(s => s.Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated)).At(Scenario.Utc("2025-03-01T10:00:00Z"));

        Assert.True(state.Exists);
        Assert.Equal(1, state.Incarnation);
        Assert.Equal("person", state.AccountType);
        Assert.True(state.Active);
    }

    [Fact]
    public void Creation_Sets_The_Account_Type_Active_Flag_And_Roles_It_Carries()
    {
        var state = Timeline(s => s.Fact("shared-box", "2025-03-01T10:00:00Z", EventCatalog.UserCreated, new EventData { AccountType = "functional", Active = false, Roles = ["reader"] }))
            .At(Scenario.Utc("2025-03-02T00:00:00Z"));

        Assert.Equal("functional", state.AccountType);
        Assert.False(state.Active);
        Assert.Equal(["reader"], state.Roles);
    }

    [Fact]
    public void Nothing_Exists_Before_The_Creation_Instant()
    {
        var timeline = Timeline(s => s.Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated));

        Assert.False(timeline.At(Scenario.Utc("2025-03-01T09:59:59.999999999Z")).Exists);
    }

    [Fact]
    public void Deletion_Ends_Seat_Credential_Licences_Enrolments_Roles_And_Active_Flag()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator"] })
            .Fact("ana", "2025-03-01T10:01:00Z", EventCatalog.SeatAssigned)
            .Fact("ana", "2025-03-01T10:02:00Z", EventCatalog.CredentialEnabled)
            .Fact("ana", "2025-03-01T10:03:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-03-01T10:04:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "c1" })
            .Fact("ana", "2025-03-05T00:00:00Z", EventCatalog.UserDeleted));

        var state = timeline.At(Scenario.Utc("2025-03-05T00:00:00Z"));

        Assert.False(state.Exists);
        Assert.True(state.Deleted);
        Assert.False(state.Seat);
        Assert.False(state.Credential);
        Assert.False(state.Licensed);
        Assert.Empty(state.Enrolments);
        Assert.Empty(state.Roles);
        Assert.False(state.Active);
    }

    [Fact]
    public void A_Creation_After_A_Deletion_Starts_A_New_Incarnation()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-05T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("ana", "2025-04-01T00:00:00Z", EventCatalog.UserCreated));

        var state = timeline.At(Scenario.Utc("2025-04-02T00:00:00Z"));

        Assert.True(state.Exists);
        Assert.False(state.Deleted);
        Assert.Equal(2, state.Incarnation);
    }

    [Fact]
    public void A_Second_Creation_Inside_An_Incarnation_Does_Not_Restart_It_And_Only_States_What_It_Carries()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-02T10:00:00Z", EventCatalog.UserDeactivated)
            .Fact("ana", "2025-03-03T10:00:00Z", EventCatalog.UserCreated, new EventData { AccountType = "service" }));

        var state = timeline.At(Scenario.Utc("2025-03-04T00:00:00Z"));

        Assert.Equal(1, state.Incarnation);
        Assert.False(state.Active);
        Assert.Equal("service", state.AccountType);
    }

    [Fact]
    public void A_Seat_Assigned_To_A_User_Whose_Creation_Never_Arrived_Is_Assigned()
    {
        var state = Timeline(s => s.Fact("ghost", "2025-03-01T10:00:00Z", EventCatalog.SeatAssigned)).At(Scenario.Utc("2025-03-02T00:00:00Z"));

        Assert.True(state.Seat);
        Assert.False(state.Exists);
        Assert.False(state.Deleted);
        Assert.Null(state.Active);
    }

    [Fact]
    public void An_Update_Replaces_The_Roles_And_Grants_And_Revocations_Change_Them_One_By_One()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator", "editor"] })
            .Fact("ana", "2025-03-02T10:00:00Z", EventCatalog.UserUpdated, new EventData { Roles = ["viewer"] })
            .Fact("ana", "2025-03-03T10:00:00Z", EventCatalog.RoleGranted, new EventData { Role = "auditor" })
            .Fact("ana", "2025-03-04T10:00:00Z", EventCatalog.RoleRevoked, new EventData { Role = "viewer" }));

        Assert.Equal(["viewer"], timeline.At(Scenario.Utc("2025-03-02T12:00:00Z")).Roles);
        Assert.Equal(["auditor", "viewer"], timeline.At(Scenario.Utc("2025-03-03T12:00:00Z")).Roles);
        Assert.Equal(["auditor"], timeline.At(Scenario.Utc("2025-03-04T12:00:00Z")).Roles);
    }

    [Theory]
    [InlineData("2025-03-31T23:59:59Z", true)]
    [InlineData("2025-04-01T00:00:00Z", false)]
    [InlineData("2025-05-01T00:00:00Z", false)]
    public void A_Licence_Ends_At_Its_Expiry_Instant_Without_Any_Event(string at, bool licensed)
    {
        var timeline = Timeline(s => s.Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1", ExpiresAt = Scenario.Utc("2025-04-01T00:00:00Z") }));

        Assert.Equal(licensed, timeline.At(Scenario.Utc(at)).Licensed);
    }

    [Fact]
    public void A_Later_Grant_Of_The_Same_Licence_Renews_It_Past_The_First_Expiry()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1", ExpiresAt = Scenario.Utc("2025-04-01T00:00:00Z") })
            .Fact("ana", "2025-03-20T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1", ExpiresAt = Scenario.Utc("2025-06-01T00:00:00Z") }));

        Assert.True(timeline.At(Scenario.Utc("2025-05-31T00:00:00Z")).Licensed);
        Assert.False(timeline.At(Scenario.Utc("2025-06-01T00:00:00Z")).Licensed);
    }

    [Fact]
    public void A_Renewal_At_The_Expiry_Instant_Keeps_The_Licence_Live()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1", ExpiresAt = Scenario.Utc("2025-04-01T00:00:00Z") })
            .Fact("ana", "2025-04-01T00:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" }));

        Assert.True(timeline.At(Scenario.Utc("2025-04-01T00:00:00Z")).Licensed);
        Assert.True(timeline.At(Scenario.Utc("2026-01-01T00:00:00Z")).Licensed);
    }

    [Theory]
    [InlineData(EventCatalog.LicenseRevoked)]
    [InlineData(EventCatalog.LicenseExpired)]
    public void Revocation_Or_Expiry_Ends_The_Licence_It_Names_Only(string ending)
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l2", ContentId = "book-2" })
            .Fact("ana", "2025-03-10T10:00:00Z", ending, new EventData { LicenseId = "l1" }));

        var state = timeline.At(Scenario.Utc("2025-03-11T00:00:00Z"));

        Assert.Equal(["l2"], state.Licences.Keys);
    }

    [Fact]
    public void A_Grant_Already_Expired_When_Made_Never_Makes_The_Licence_Live()
    {
        var timeline = Timeline(s => s.Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ExpiresAt = Scenario.Utc("2025-02-01T00:00:00Z") }));

        Assert.True(timeline.Where(s => s.Licensed).IsEmpty);
    }

    [Fact]
    public void Creation_And_Deletion_At_The_Same_Instant_Leave_The_User_Deleted_Whatever_Their_Arrival_Order()
    {
        var deletedFirst = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserDeleted)
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated));

        var state = deletedFirst.At(Scenario.Utc("2025-03-01T10:00:00Z"));

        Assert.False(state.Exists);
        Assert.True(state.Deleted);
        Assert.True(deletedFirst.Where(s => s.Exists).IsEmpty);
    }

    [Fact]
    public void An_Opening_Sees_A_Licence_Granted_And_One_Revoked_At_Its_Own_Instant_As_Live()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" })
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-03-01T10:00:00Z", EventCatalog.LicenseRevoked, new EventData { LicenseId = "l1" }));

        var opening = Assert.Single(timeline.Openings);

        Assert.True(opening.Before.Exists);
        Assert.True(opening.Before.HoldsLicenceFor("book-1"));
        Assert.False(timeline.At(Scenario.Utc("2025-03-01T10:00:00Z")).Licensed);
    }

    [Fact]
    public void Enrolments_Are_Active_When_Created_Or_Resumed_Inactive_When_Suspended_And_Gone_When_Deleted()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "c1" })
            .Fact("ana", "2025-03-02T00:00:00Z", EventCatalog.EnrollmentSuspended, new EventData { CourseId = "c1" })
            .Fact("ana", "2025-03-03T00:00:00Z", EventCatalog.EnrollmentResumed, new EventData { CourseId = "c1" })
            .Fact("ana", "2025-03-04T00:00:00Z", EventCatalog.EnrollmentDeleted, new EventData { CourseId = "c1" }));

        Assert.True(timeline.At(Scenario.Utc("2025-03-01T12:00:00Z")).Enrolments["c1"]);
        Assert.False(timeline.At(Scenario.Utc("2025-03-02T12:00:00Z")).Enrolments["c1"]);
        Assert.True(timeline.At(Scenario.Utc("2025-03-03T12:00:00Z")).Enrolments["c1"]);
        Assert.Empty(timeline.At(Scenario.Utc("2025-03-04T12:00:00Z")).Enrolments);
    }

    [Fact]
    public void Suspension_And_Activation_Flags_Follow_Their_Events()
    {
        var timeline = Timeline(s => s
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-02T00:00:00Z", EventCatalog.UserSuspended)
            .Fact("ana", "2025-03-03T00:00:00Z", EventCatalog.UserUnsuspended)
            .Fact("ana", "2025-03-04T00:00:00Z", EventCatalog.UserDeactivated)
            .Fact("ana", "2025-03-05T00:00:00Z", EventCatalog.UserActivated));

        Assert.True(timeline.At(Scenario.Utc("2025-03-02T12:00:00Z")).Suspended);
        Assert.False(timeline.At(Scenario.Utc("2025-03-03T12:00:00Z")).Suspended);
        Assert.False(timeline.At(Scenario.Utc("2025-03-04T12:00:00Z")).Active);
        Assert.True(timeline.At(Scenario.Utc("2025-03-05T12:00:00Z")).Active);
    }

    private static UserTimeline Timeline(Action<Scenario> history)
    {
        var scenario = new Scenario();
        history(scenario);
        return UserTimeline.Of(scenario.Facts);
    }
}
