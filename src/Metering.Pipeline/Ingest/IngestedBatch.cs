using System.Collections.Immutable;
using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>What ingesting one batch did, with each rejected event (its position and every reason).</summary>
/// <param name="Result">The counts.</param>
/// <param name="Rejected">The rejected events in input order; every other event of the batch was accepted.</param>
public sealed record IngestedBatch(IngestResult Result, ImmutableArray<RejectedEvent> Rejected)
{
    /// <summary>Nothing ingested.</summary>
    public static IngestedBatch Empty { get; } = new(IngestResult.Empty, []);
}
