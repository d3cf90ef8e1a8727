using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Turns a batch of raw events into the writes it implies: parse, validate, classify, coalesce. Pure: no I/O,
/// the moment of ingest is given.
/// </summary>
public static class IngestPlanner
{
    /// <summary>
    /// Plans one batch. Every event ends either accepted (its presence, facts and touches in the plan) or
    /// rejected with every reason; bad input never throws.
    /// </summary>
    /// <param name="batch">The raw events, in arrival order.</param>
    /// <param name="tenants">The tenant registry snapshot (zones and allowed sources).</param>
    /// <param name="now">The moment of ingest: the future-time check compares with it.</param>
    public static IngestPlan Plan(IReadOnlyList<RawEvent> batch, TenantDirectory tenants, Instant now) =>
        throw new NotImplementedException("Being written on the events branch.");
}
