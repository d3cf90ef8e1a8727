using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Metering.Benchmarks.Generation;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Benchmarks.Cpu;

/// <summary>
/// The CPU path of ingest against the floor: <see cref="IngestPlanner.Plan"/> (parse, validate, classify, coalesce)
/// and a bare <see cref="Utf8JsonReader"/> pass over every token of the same bodies, which no parser of these bytes
/// can beat. One operation is one event, so the means are nanoseconds per event.
/// </summary>
[MemoryDiagnoser]
public class IngestCpuBenchmarks
{
    /// <summary>Events per planned batch: the ingest host's default batch size.</summary>
    public const int BatchSize = 50_000;

    private IReadOnlyList<RawEvent> _batch = [];
    private TenantDirectory _tenants = TenantDirectory.Empty;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var generated = GeneratedBatch.Create(StreamShape.Default, BatchSize);
        _batch = generated.Events;
        _tenants = generated.Tenants;
        _now = StreamShape.Default.IngestAt;
    }

    /// <summary>Reads every token of every body and nothing more.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public long RawScan()
    {
        long tokens = 0;
        foreach (var raw in _batch)
        {
            var reader = new Utf8JsonReader(raw.Body.Span);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>Plans the batch as ingest does.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public IngestPlan Plan() => IngestPlanner.Plan(_batch, _tenants, _now);
}
