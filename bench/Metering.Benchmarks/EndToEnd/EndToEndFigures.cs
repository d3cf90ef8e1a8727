namespace Metering.Benchmarks.EndToEnd;

/// <summary>What the end-to-end ingest benchmark measured on one generated stream.</summary>
public sealed record EndToEndFigures
{
    /// <summary>Events in the stream.</summary>
    public long Events { get; init; }

    /// <summary>Size of the NDJSON file.</summary>
    public long Bytes { get; init; }

    /// <summary>Events per batch.</summary>
    public int BatchSize { get; init; }

    /// <summary>What the stream holds.</summary>
    public required StreamCensus Census { get; init; }

    /// <summary>Wall time of the pipeline's ingest of the whole file.</summary>
    public double Seconds { get; init; }

    /// <summary>Events accepted by the pipeline.</summary>
    public long Accepted { get; init; }

    /// <summary>Events dead-lettered by the pipeline.</summary>
    public long DeadLettered { get; init; }

    /// <summary>Table entities the pipeline wrote (presence, chunks, touches, markers, and the claims of duplicate detection).</summary>
    public long Entities { get; init; }

    /// <summary>Of which the activity store's (presence, chunks, touches, markers): what the distinct unit-days bound.</summary>
    public long ActivityEntities { get; init; }

    /// <summary>Table requests the pipeline counted for activity (<c>IngestResult.StorageRequests</c>).</summary>
    public long ActivityRequests { get; init; }

    /// <summary>Every HTTP request to the Table service seen on the wire (table creation included).</summary>
    public long TableRequests { get; init; }

    /// <summary>Every HTTP request to the Blob service (raw archive, dead letters).</summary>
    public long BlobRequests { get; init; }

    /// <summary>The pipeline's requests by kind (claims, presence, facts, markers, archive, dead letters).</summary>
    public RequestCounts? Requests { get; init; }

    /// <summary>The naive baseline's requests by kind.</summary>
    public RequestCounts? NaiveRequests { get; init; }

    /// <summary>Events the naive baseline ingested (a prefix of the stream when it was told to stop early).</summary>
    public long NaiveEvents { get; init; }

    /// <summary>Wall time of the naive baseline.</summary>
    public double NaiveSeconds { get; init; }

    /// <summary>Upserts (entities written) of the naive baseline.</summary>
    public long NaiveEntities { get; init; }

    /// <summary>Every HTTP request of the naive baseline to the Table service.</summary>
    public long NaiveTableRequests { get; init; }

    /// <summary>Requests the naive baseline kept in flight.</summary>
    public int NaiveInFlight { get; init; }

    /// <summary>Processor seconds of the benchmark process (planning, serialising, the storage client) during the pipeline's ingest.</summary>
    public double ProcessCpuSeconds { get; init; }

    /// <summary>Processor seconds of the Azurite process during the pipeline's ingest.</summary>
    public double AzuriteCpuSeconds { get; init; }

    /// <summary>Processor seconds of the benchmark process during the naive baseline.</summary>
    public double NaiveProcessCpuSeconds { get; init; }

    /// <summary>Processor seconds of the Azurite process during the naive baseline.</summary>
    public double NaiveAzuriteCpuSeconds { get; init; }

    /// <summary>Wall seconds inside the raw archive (blob of every body per batch).</summary>
    public double ArchiveSeconds { get; init; }

    /// <summary>Wall seconds inside the dead-letter store.</summary>
    public double DeadLetterSeconds { get; init; }

    /// <summary>Wall seconds inside the activity store (table writes and the batch marker).</summary>
    public double ActivitySeconds { get; init; }

    /// <summary>One-minute load average before and after.</summary>
    public double LoadBefore { get; init; }

    /// <summary>One-minute load average after.</summary>
    public double LoadAfter { get; init; }

    /// <summary>Pipeline events per second.</summary>
    public double EventsPerSecond => Events / Seconds;

    /// <summary>Naive events per second.</summary>
    public double NaiveEventsPerSecond => NaiveEvents / NaiveSeconds;

    /// <summary>Entities written per distinct (tenant, kind, unit, day): at most 1.01 is the target.</summary>
    public double EntitiesPerDistinct => (double)(ActivityEntities > 0 ? ActivityEntities : Entities) / Census.DistinctUnitDays;

    /// <summary>Table requests of the pipeline per million events.</summary>
    public double TableRequestsPerMillion => TableRequests * 1e6 / Events;

    /// <summary>Table requests of the naive baseline per million events.</summary>
    public double NaiveTableRequestsPerMillion => NaiveTableRequests * 1e6 / NaiveEvents;

    /// <summary>How many times fewer table requests the pipeline makes than the baseline, per event.</summary>
    public double RequestReduction => NaiveTableRequestsPerMillion / TableRequestsPerMillion;
}
