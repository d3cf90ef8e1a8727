using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 001 (Spark Flex): "If a Knowledge Worker hosts a cloud Meeting and an on-premises Meeting they will be counted as two Active Users."</summary>
public class MeetingHostsPerDeploymentTests
{
    [Theory]
    [InlineData(new[] { "cloud" }, 1L)]
    [InlineData(new[] { "on-premises" }, 1L)]
    [InlineData(new[] { "cloud", "on-premises" }, 2L)]
    [InlineData(new[] { "cloud", "cloud" }, 1L)]
    public void A_Host_Counts_Once_Per_Deployment_They_Hosted_In(string[] deployments, long count)
    {
        var scenario = new Scenario();
        for (var i = 0; i < deployments.Length; i++)
        {
            scenario.Hosted("ana", $"2025-03-{i + 3:00}", deployment: deployments[i]);
        }

        Assert.Equal(count, scenario.Measure(TemplateNames.MeetingHostsPerDeployment, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
    }

    [Fact]
    public void The_Measurement_Breaks_The_Count_Down_By_Deployment()
    {
        var scenario = new Scenario()
            .Hosted("ana", "2025-03-03", deployment: "cloud")
            .Hosted("ana", "2025-03-04", deployment: "on-premises")
            .Hosted("bob", "2025-03-05", deployment: "cloud");

        var measurement = scenario.Measure(TemplateNames.MeetingHostsPerDeployment, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31");

        Assert.Equal(3, measurement.Quantity);
        Assert.Equal([("cloud", 2L), ("on-premises", 1L)], measurement.Dimensions.Select(d => (d.Key, d.Value)));
        Assert.Equal([("ana", "cloud"), ("ana", "on-premises"), ("bob", "cloud")], measurement.Evidence.Select(e => (e.Unit.Value, e.Dimension!)));
    }
}
