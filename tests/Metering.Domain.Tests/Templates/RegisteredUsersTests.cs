using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: "End Users who are registered with the Service", at the end of each month.</summary>
public class RegisteredUsersTests
{
    [Theory]
    [InlineData("2025-03-31T23:59:59.999999999Z", null, 1)]
    [InlineData("2025-04-01T00:00:00Z", null, 0)]
    [InlineData("2025-03-01T00:00:00Z", "2025-03-31T12:00:00Z", 0)]
    [InlineData("2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", 1)]
    public void A_User_Counts_When_Registered_At_The_Last_Instant_Of_The_Month(string created, string? deleted, int count)
    {
        var scenario = new Scenario().Fact("ana", created, EventCatalog.UserCreated);
        if (deleted is not null)
        {
            scenario.Fact("ana", deleted, EventCatalog.UserDeleted);
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    [Fact]
    public void A_User_Deleted_And_Registered_Again_Counts_Once()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-03-10T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("ana", "2025-03-20T00:00:00Z", EventCatalog.UserCreated);

        var measurement = scenario.Measure(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31");

        Assert.Equal(("ana", "2025-03-20T00:00:00Z"), (Assert.Single(measurement.Evidence).Unit.Value, measurement.Evidence[0].Qualifier.Text));
    }

    [Fact]
    public void Late_And_Duplicated_Facts_Give_The_Same_Count()
    {
        var scenario = new Scenario()
            .Fact("bob", "2025-03-20T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("bob", "2025-01-20T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-02-20T00:00:00Z", EventCatalog.UserCreated);
        var contract = scenario.Contract(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31");
        var window = scenario.Window(contract, "2025-03-01_2025-03-31");

        var once = Metering.Domain.Engine.RuleEngine.Measure(contract, window, Scenario.Fill([], scenario.Facts.Reverse(), []));
        var twice = Metering.Domain.Engine.RuleEngine.Measure(contract, window, Scenario.Fill([], scenario.Facts.Concat(scenario.Facts), []));

        Assert.Equal(1, once.Quantity);
        Assert.Equal(Scenario.Canonical(once), Scenario.Canonical(twice));
    }
}
