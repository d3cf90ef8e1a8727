using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>Organisation headcounts (<c>org.headcount</c>), as the Flex Plan true forward reads them.</summary>
internal static class Headcount
{
    /// <summary>
    /// The deployed knowledge workers of one organisation: the value of its last <c>org.headcount</c> that carries
    /// one, strictly before <paramref name="before"/>; null when there is none.
    /// </summary>
    public static (long Value, Instant At)? DeployedKnowledgeWorkersBefore(IEnumerable<Fact> organisationFacts, Instant before)
    {
        (long, Instant)? last = null;
        foreach (var fact in FactOrder.Sorted(organisationFacts))
        {
            if (fact.Time >= before)
            {
                break;
            }

            if (fact.Type == EventCatalog.OrgHeadcount && fact.Data.DeployedKnowledgeWorkers is { } value)
            {
                last = (value, fact.Time);
            }
        }

        return last;
    }
}
