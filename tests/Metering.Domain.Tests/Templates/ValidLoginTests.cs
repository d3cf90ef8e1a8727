using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: "a User who has a valid login to access the Software", taken at the end of each month.</summary>
public class ValidLoginTests
{
    [Theory]
    [InlineData(EventCatalog.UserActivated, "2025-03-20T00:00:00Z", 1)]
    [InlineData(EventCatalog.UserDeactivated, "2025-03-20T00:00:00Z", 0)]
    [InlineData(EventCatalog.UserDeactivated, "2025-03-31T21:59:59Z", 0)]
    [InlineData(EventCatalog.UserDeactivated, "2025-03-31T22:00:00Z", 1)]
    [InlineData(EventCatalog.CredentialDisabled, "2025-03-31T21:59:59Z", 0)]
    [InlineData(EventCatalog.CredentialDisabled, "2025-03-31T22:00:00Z", 1)]
    [InlineData(EventCatalog.UserDeleted, "2025-03-15T00:00:00Z", 0)]
    [InlineData(EventCatalog.SeatReleased, "2025-03-15T00:00:00Z", 1)]
    public void A_Login_Is_Valid_At_The_Month_End_When_Enabled_And_Neither_Deactivated_Nor_Deleted_In_Paris(string change, string at, int count)
    {
        // March ends at 2025-03-31T22:00:00Z in Paris (UTC+2 since the 30th): a change at that instant belongs to April.
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.CredentialEnabled)
            .Fact("ana", at, change);

        Assert.Equal(count, scenario.Measure(TemplateNames.ValidLogin, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    [Fact]
    public void A_User_Deactivated_And_Reactivated_In_The_Month_Has_A_Valid_Login_At_Its_End()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.CredentialEnabled)
            .Fact("ana", "2025-03-05T00:00:00Z", EventCatalog.UserDeactivated)
            .Fact("ana", "2025-03-25T00:00:00Z", EventCatalog.UserActivated);

        Assert.Equal(1, scenario.Measure(TemplateNames.ValidLogin, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    // "Neither deactivated nor deleted": a deleted user stays deleted until created again, whatever else a stray producer
    // says of it afterwards (activated again, its credential enabled again).
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void A_Deleted_User_Has_No_Valid_Login_Until_Created_Again(bool createdAgain, int count)
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.CredentialEnabled)
            .Fact("ana", "2025-03-05T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("ana", "2025-03-10T00:00:00Z", EventCatalog.UserActivated)
            .Fact("ana", "2025-03-10T00:00:00Z", EventCatalog.CredentialEnabled);
        if (createdAgain)
        {
            scenario.Fact("ana", "2025-03-20T00:00:00Z", EventCatalog.UserCreated);
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.ValidLogin, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }
}
