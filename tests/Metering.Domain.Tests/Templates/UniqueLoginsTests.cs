using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 004 (Open LMS, unique logins): users who logged in at least once during the contract year; suspended users who logged in count.</summary>
public class UniqueLoginsTests
{
    [Theory]
    [InlineData("2025-09-01", "2025-09-01_2026-08-31", 1)]
    [InlineData("2026-08-31", "2025-09-01_2026-08-31", 1)]
    [InlineData("2026-09-01", "2025-09-01_2026-08-31", 0)]
    [InlineData("2026-09-01", "2026-09-01_2027-08-31", 1)]
    public void A_User_Counts_In_The_Contract_Year_Of_Their_Login(string day, string window, int count)
    {
        var scenario = new Scenario().Active("ana", day, EventCatalog.UserLogin);

        Assert.Equal(count, scenario.Measure(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31", window).Quantity);
    }

    [Fact]
    public void A_Suspended_Or_Deleted_User_Who_Logged_In_During_The_Year_Still_Counts()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-09-01T00:00:00Z", EventCatalog.UserCreated)
            .Active("ana", "2025-10-01", EventCatalog.UserLogin)
            .Fact("ana", "2025-11-01T00:00:00Z", EventCatalog.UserSuspended)
            .Fact("bob", "2025-09-01T00:00:00Z", EventCatalog.UserCreated)
            .Active("bob", "2025-10-02", EventCatalog.UserLogin)
            .Fact("bob", "2025-12-01T00:00:00Z", EventCatalog.UserDeleted);

        Assert.Equal(2, scenario.Measure(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31", "2025-09-01_2026-08-31").Quantity);
    }

    [Fact]
    public void Activity_Other_Than_A_Login_Does_Not_Count()
    {
        var scenario = new Scenario().Active("ana", "2025-10-01", EventCatalog.UserActivity);

        Assert.Equal(0, scenario.Measure(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31", "2025-09-01_2026-08-31").Quantity);
    }
}
