using Metering.Domain.Ports;

namespace Metering.Pipeline.Ingest;

/// <summary>One archived batch run through ingest again.</summary>
/// <param name="Archived">The batch as the archive lists it: its id, when it was first received, its blob.</param>
/// <param name="Result">What ingest did; <see cref="IngestResult.SkippedAsRedelivered"/> is 1 when the batch was still recorded and nothing was written.</param>
public sealed record ReplayedBatch(ArchivedBatch Archived, IngestResult Result);
