using System.Numerics;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using NodaTime;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>
/// What a stream holds, counted with the planner itself so that the definitions match ingest's: events, accepted
/// events, and the distinct (tenant, kind, unit, local day) — the kind being the activity kind of activity and the
/// fact family of state, sessions and content — which is the least any design must write.
/// </summary>
/// <param name="Events">Events in the stream.</param>
/// <param name="Accepted">Events the planner accepts.</param>
/// <param name="DistinctActivityDays">Distinct (tenant, activity kind, unit, local day).</param>
/// <param name="DistinctFactDays">Distinct (tenant, fact family, unit, local day).</param>
/// <param name="ActiveUnitMonths">Distinct (tenant, unit, month) with any activity: the units a monthly close counts.</param>
/// <param name="PresenceEntities">Distinct (tenant, month, activity kind, unit): the presence entities a close of those months reads.</param>
public sealed record StreamCensus(long Events, long Accepted, long DistinctActivityDays, long DistinctFactDays, long ActiveUnitMonths, long PresenceEntities)
{
    /// <summary>Distinct (tenant, kind, unit, day), activity and facts together.</summary>
    public long DistinctUnitDays => DistinctActivityDays + DistinctFactDays;

    /// <summary>Counts the NDJSON file at <paramref name="path"/>, planning it in batches of <paramref name="batchSize"/>.</summary>
    public static async Task<StreamCensus> CountAsync(string path, int batchSize, TenantDirectory tenants, Instant now, CancellationToken cancellationToken)
    {
        var presence = new Dictionary<(TenantId, YearMonth, string, string), uint>();
        var facts = new HashSet<(TenantId, Domain.Events.FactFamily, string, LocalDate)>();
        var active = new HashSet<(TenantId, YearMonth, string)>();
        long events = 0;
        long accepted = 0;
        await using var file = File.OpenRead(path);
        await foreach (var batch in EventBatchReader.ReadAsync(file, batchSize, cancellationToken))
        {
            var plan = IngestPlanner.Plan(batch, tenants, now);
            events += plan.Received;
            accepted += plan.Accepted;
            foreach (var record in plan.Presence)
            {
                var key = (record.Tenant, record.Month, record.Kind.Key, record.Unit.Value);
                presence[key] = presence.GetValueOrDefault(key) | record.Days;
                active.Add((record.Tenant, record.Month, record.Unit.Value));
            }

            foreach (var chunk in plan.Facts)
            {
                facts.Add((chunk.Tenant, chunk.Family, chunk.Unit.Value, chunk.Day));
            }
        }

        var activityDays = presence.Values.Sum(mask => (long)BitOperations.PopCount(mask));
        return new StreamCensus(events, accepted, activityDays, facts.Count, active.Count, presence.Count);
    }
}
