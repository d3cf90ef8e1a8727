using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 001 (data distribution): each End User assigned as Active User is identified by an Access ID code; the per-user fee applies to each code assigned in the month, and the list of codes must be auditable.</summary>
public class AccessIdUsersTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData("2025-03-31T23:59:59Z", null, 1)]
    [InlineData("2025-04-01T00:00:00Z", null, 0)]
    [InlineData("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z", 0)]
    [InlineData("2025-02-01T00:00:00Z", "2025-03-01T00:00:01Z", 1)]
    public void A_Code_Counts_When_Assigned_At_Some_Instant_Of_The_Month(string assigned, string? revoked, int count)
    {
        var scenario = new Scenario().Fact("AID-001", assigned, EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" });
        if (revoked is not null)
        {
            scenario.Fact("AID-001", revoked, EventCatalog.AccessIdRevoked);
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.AccessIdUsers, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void The_Evidence_Lists_Every_Code_With_Its_Users()
    {
        var scenario = new Scenario()
            .Fact("AID-002", "2025-03-02T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "bob" })
            .Fact("AID-001", "2025-03-01T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" })
            .Fact("AID-001", "2025-03-20T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "cy" });

        var measurement = scenario.Measure(TemplateNames.AccessIdUsers, "2025-01-01", "2025-12-31", March);

        Assert.Equal(
            [("AID-001", "assigned to 'ana', 'cy'"), ("AID-002", "assigned to 'bob'")],
            measurement.Evidence.Select(e => (e.Unit.Value, e.Detail!)));
    }
}
