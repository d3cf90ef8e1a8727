using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000 (MSP): "an Endpoint which is protected for whatever period of time during the month".</summary>
public class ProtectedEndpointsTests
{
    // March 2025 in Beirut: [2025-02-28T22:00:00Z, 2025-03-31T21:00:00Z); clocks jump from 00:00 to 01:00 on the 30th.
    [Theory]
    [InlineData("2025-03-31T20:59:59Z", null, 1)]
    [InlineData("2025-03-31T21:00:00Z", null, 0)]
    [InlineData("2025-01-10T00:00:00Z", "2025-02-28T22:00:00Z", 0)]
    [InlineData("2025-01-10T00:00:00Z", "2025-02-28T22:00:01Z", 1)]
    [InlineData("2025-01-10T00:00:00Z", null, 1)]
    [InlineData("2025-03-29T22:00:00Z", "2025-03-29T22:00:01Z", 1)]
    public void An_Endpoint_Counts_When_Protected_For_Any_Time_In_The_Month_In_Beirut(string protectedAt, string? unprotectedAt, int count)
    {
        var scenario = new Scenario("Asia/Beirut").Fact("EP-001", protectedAt, EventCatalog.EndpointProtected);
        if (unprotectedAt is not null)
        {
            scenario.Fact("EP-001", unprotectedAt, EventCatalog.EndpointUnprotected);
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.ProtectedEndpoints, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    [Fact]
    public void Each_Endpoint_Counts_Once_And_Users_Are_Not_Endpoints()
    {
        var scenario = new Scenario()
            .Fact("EP-1", "2025-03-01T00:00:00Z", EventCatalog.EndpointProtected)
            .Fact("EP-1", "2025-03-02T00:00:00Z", EventCatalog.EndpointProtected)
            .Fact("EP-2", "2025-03-05T00:00:00Z", EventCatalog.EndpointProtected)
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.UserCreated);

        var measurement = scenario.Measure(TemplateNames.ProtectedEndpoints, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31");

        Assert.Equal(["EP-1", "EP-2"], Scenario.Units(measurement).ToArray());
    }
}
