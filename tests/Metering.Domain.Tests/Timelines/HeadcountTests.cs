using Metering.Domain.Events;
using Metering.Domain.Tests.Support;
using Metering.Domain.Timelines;

namespace Metering.Domain.Tests.Timelines;

public class HeadcountTests
{
    [Theory]
    [InlineData("2026-01-01T00:00:00Z", 1200L)]
    [InlineData("2025-12-01T00:00:00Z", 1000L)]
    [InlineData("2025-06-01T00:00:00Z", null)]
    public void The_Deployed_Knowledge_Workers_Are_The_Last_Reported_Strictly_Before_The_Instant(string before, long? expected)
    {
        var facts = new Scenario()
            .Fact("org-1", "2025-07-01T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = 1000 })
            .Fact("org-1", "2025-11-01T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { Employees = 5000 })
            .Fact("org-1", "2025-12-01T00:00:00Z", EventCatalog.OrgHeadcount, new EventData { DeployedKnowledgeWorkers = 1200 }).Facts;

        Assert.Equal(expected, Headcount.DeployedKnowledgeWorkersBefore(facts, Scenario.Utc(before))?.Value);
    }
}
