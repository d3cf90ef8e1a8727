using Metering.Cli.Demo;
using Metering.Domain.Events;
using Metering.Pipeline.Ingest;
using Metering.Simulation;
using Metering.Testing;
using NodaTime;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// The scenario the suite attacks: the five sample tenants and nineteen sample contracts (every template), a simulated
/// first quarter of 2025 delivered untidily (duplicates, redeliveries, reordering, bad lines), ingested as of
/// 4 April and closed then; the late events arrive on 5 April and the close runs again. The telemetry is cut into
/// batches exactly as <c>metering ingest --batch-size</c> cuts the same NDJSON, so a CLI run and an in-process run
/// record the same batches.
/// </summary>
internal sealed class ReliabilityWorld
{
    /// <summary>When the on-time telemetry is received and the first close runs: every March window is past its grace.</summary>
    public static readonly Instant AsOf = DemoWorld.AsOf;

    /// <summary>When the late events are received and the close runs again.</summary>
    public static readonly Instant LateAsOf = DemoWorld.LateAsOf;

    /// <summary>Untidier than the demo, so that every kind of disorder occurs at a small scale and late events revise invoices.</summary>
    public static readonly Disorder Untidy = new(Duplicates: 0.03, Redeliveries: 0.15, OutOfOrder: 0.03, Late: 0.015, BadLines: 0.01);

    private static readonly Lazy<Task<ReliabilityWorld>> Standard = new(() => CreateAsync(seed: 20250404, scale: 0.03, batchSize: 300));

    private ReliabilityWorld(SampleFiles samples, GenerationReport generated, byte[] onTime, byte[] late, int batchSize, IReadOnlyList<RawEvent[]> onTimeBatches, IReadOnlyList<RawEvent[]> lateBatches)
    {
        Samples = samples;
        Generated = generated;
        OnTimeNdjson = onTime;
        LateNdjson = late;
        BatchSize = batchSize;
        OnTime = onTimeBatches;
        Late = lateBatches;
    }

    /// <summary>The tenants and contracts of <c>samples/</c>.</summary>
    public SampleFiles Samples { get; }

    /// <summary>What the generator wrote.</summary>
    public GenerationReport Generated { get; }

    /// <summary>The on-time telemetry as an NDJSON file.</summary>
    public byte[] OnTimeNdjson { get; }

    /// <summary>The late telemetry as an NDJSON file.</summary>
    public byte[] LateNdjson { get; }

    /// <summary>Events per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The on-time batches, in file order.</summary>
    public IReadOnlyList<RawEvent[]> OnTime { get; }

    /// <summary>The late batches, in file order.</summary>
    public IReadOnlyList<RawEvent[]> Late { get; }

    /// <summary>Every line delivered, on time and late.</summary>
    public long Lines => OnTime.Sum(b => (long)b.Length) + Late.Sum(b => (long)b.Length);

    /// <summary>The world every figure-comparing test uses (generated once per test run).</summary>
    public static Task<ReliabilityWorld> StandardAsync() => Standard.Value;

    public static async Task<ReliabilityWorld> CreateAsync(ulong seed, double scale, int batchSize)
    {
        var samples = await SampleFiles.ReadAsync(new DirectoryInfo(Path.GetDirectoryName(RepositoryFile.PathOf("samples/tenants.json"))!), default);
        var options = DemoWorld.Options(seed, scale) with { Disorder = Untidy };
        using var onTime = new MemoryStream();
        using var late = new MemoryStream();
        var generated = await TelemetryGenerator.WriteAsync(options, onTime, late, null, default);
        var onTimeBytes = onTime.ToArray();
        var lateBytes = late.ToArray();
        return new ReliabilityWorld(
            samples, generated, onTimeBytes, lateBytes, batchSize, await BatchesAsync(onTimeBytes, batchSize), await BatchesAsync(lateBytes, batchSize));
    }

    /// <summary>The batches <c>metering ingest --batch-size</c> reads from <paramref name="ndjson"/>.</summary>
    public static async Task<IReadOnlyList<RawEvent[]>> BatchesAsync(byte[] ndjson, int batchSize)
    {
        var batches = new List<RawEvent[]>();
        using var stream = new MemoryStream(ndjson, writable: false);
        await foreach (var batch in EventBatchReader.ReadAsync(stream, batchSize, default))
        {
            batches.Add([.. batch]);
        }

        return batches;
    }
}
