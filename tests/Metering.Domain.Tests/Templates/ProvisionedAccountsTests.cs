using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000 (KnowBe4): users provisioned on the service; aliases, distribution groups and functional accounts are not counted; the month's figure is its peak.</summary>
public class ProvisionedAccountsTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData(null, 1)]
    [InlineData("person", 1)]
    [InlineData("alias", 0)]
    [InlineData("group", 0)]
    [InlineData("functional", 0)]
    [InlineData("service", 0)]
    public void Only_Accounts_Of_Persons_Are_Counted(string? accountType, int count)
    {
        var scenario = new Scenario().Fact("box", "2025-03-02T00:00:00Z", EventCatalog.UserCreated, new EventData { AccountType = accountType });

        Assert.Equal(count, scenario.Measure(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void The_Figure_Is_The_Most_Accounts_Provisioned_At_Once_During_The_Month()
    {
        // Three persons from 1 March; one deleted on the 10th; two more from the 15th: four at once at the peak.
        var scenario = new Scenario()
            .Fact("a", "2025-03-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("b", "2025-03-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("c", "2025-03-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("a", "2025-03-10T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("d", "2025-03-15T00:00:00Z", EventCatalog.UserCreated)
            .Fact("e", "2025-03-15T00:00:00Z", EventCatalog.UserCreated);

        var measurement = scenario.Measure(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31", March);

        Assert.Equal(4, measurement.Quantity);
        Assert.Equal(["b", "c", "d", "e"], Scenario.Units(measurement).ToArray());
        Assert.Equal("peak-active-users", measurement.Figures[0].Name);
    }

    [Fact]
    public void An_Account_Converted_To_A_Functional_Account_Stops_Counting_From_Then()
    {
        var scenario = new Scenario()
            .Fact("a", "2025-02-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("a", "2025-02-20T00:00:00Z", EventCatalog.UserUpdated, new EventData { AccountType = "functional" });

        Assert.Equal(1, scenario.Measure(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31", "2025-02-01_2025-02-28").Quantity);
        Assert.Equal(0, scenario.Measure(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Theory]
    [InlineData("2025-02-28T23:00:00Z", 0)]
    [InlineData("2025-02-28T23:00:01Z", 1)]
    public void An_Account_Deleted_At_The_First_Instant_Of_The_Month_Was_Not_Provisioned_In_It(string deleted, int count)
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("a", "2025-01-10T00:00:00Z", EventCatalog.UserCreated)
            .Fact("a", deleted, EventCatalog.UserDeleted);

        Assert.Equal(count, scenario.Measure(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31", March).Quantity);
    }
}
