using Metering.Pipeline.Ingest;
using NodaTime;

namespace Metering.Cli.Output;

/// <summary>One run of <c>metering replay</c>: the receipt interval and every archived batch ingested again.</summary>
/// <param name="Received">Batches received from its start (inclusive) to its end (exclusive) were replayed.</param>
/// <param name="Batches">Each batch, oldest receipt first, with what ingest did.</param>
public sealed record ReplayRun(Interval Received, IReadOnlyList<ReplayedBatch> Batches)
{
    /// <summary>Every batch's result added up.</summary>
    public IngestResult Total => Batches.Aggregate(IngestResult.Empty, (sum, b) => sum + b.Result);

    /// <summary>Batches that were still recorded: nothing of them was written.</summary>
    public int AlreadyRecorded => Batches.Count(b => b.Result.SkippedAsRedelivered > 0);

    /// <summary>Batches written again: their activity was missing (lost, or never completely stored) or now reads differently.</summary>
    public int Restored => Batches.Count - AlreadyRecorded;
}
