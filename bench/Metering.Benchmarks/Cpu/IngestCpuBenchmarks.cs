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

    /// <summary>The stream the batch is cut from: a month of one million events.</summary>
    public const long StreamEvents = 1_000_000;

    /// <summary>The batch planned is the fourth of the stream (events 150,001 to 200,000, days 5 to 7 of the month).</summary>
    public const long Skip = 150_000;

    /// <summary>The batch every CPU measurement plans.</summary>
    public static GeneratedBatch Batch() => GeneratedBatch.Create(StreamShape.Default, StreamEvents, Skip, BatchSize);

    private IReadOnlyList<RawEvent> _batch = [];
    private TenantDirectory _tenants = TenantDirectory.Empty;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        var generated = Batch();
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

    /// <summary>
    /// Only the parser's validation of every event (no coalescing, no hashing of bodies, no plan): the part of the
    /// planner's time that parsing takes.
    /// </summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Parse()
    {
        var parser = new CloudEventParser(_tenants, _now);
        var accepted = 0;
        foreach (var raw in _batch)
        {
            if (parser.TryRead(raw, out _, out _))
            {
                accepted++;
            }
        }

        return accepted;
    }

    /// <summary>How many events of the batch the parser accepts, and how many of those its common reader read.</summary>
    public (int Accepted, int CommonReads) CommonReaderCoverage()
    {
        var parser = new CloudEventParser(_tenants, _now);
        var accepted = _batch.Count(raw => parser.TryParse(raw, out _, out _));
        return (accepted, parser.CommonReads);
    }

    /// <summary>Plans the batch as ingest does.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public IngestPlan Plan() => IngestPlanner.Plan(_batch, _tenants, _now);

    /// <summary>
    /// A floor, not a plan: the planner with its output left out (<see cref="IngestPlanner.PlanWithoutOutput"/>), what
    /// planning would cost if its presence records, fact chunks and their order were free.
    /// </summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int PlanWithoutOutput() => IngestPlanner.PlanWithoutOutput(_batch, _tenants, _now);
}
