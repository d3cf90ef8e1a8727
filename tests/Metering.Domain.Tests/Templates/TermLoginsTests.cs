using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000 (Totara): users who logged in during the subscription term; registered users who never logged in do not count.</summary>
public class TermLoginsTests
{
    [Theory]
    [InlineData("2024-06-09", 0)]
    [InlineData("2024-06-10", 1)]
    [InlineData("2027-06-09", 1)]
    [InlineData("2027-06-10", 0)]
    public void A_User_Who_Logged_In_On_A_Day_Of_The_Term_Counts(string day, int count)
    {
        var scenario = new Scenario().Active("ana", day, EventCatalog.UserLogin);

        Assert.Equal(count, scenario.Measure(TemplateNames.TermLogins, "2024-06-10", "2027-06-09", "2024-06-10_2027-06-09").Quantity);
    }

    [Fact]
    public void Registered_Users_With_Training_Records_But_No_Login_Do_Not_Count()
    {
        var scenario = new Scenario()
            .Fact("ana", "2024-07-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("bob", "2024-07-01T00:00:00Z", EventCatalog.UserCreated)
            .Active("ana", "2024-07-02", EventCatalog.DataAccessed)
            .Active("bob", "2025-01-05", EventCatalog.UserLogin);

        var measurement = scenario.Measure(TemplateNames.TermLogins, "2024-06-10", "2027-06-09", "2024-06-10_2027-06-09");

        Assert.Equal(["bob"], Scenario.Units(measurement).ToArray());
    }
}
