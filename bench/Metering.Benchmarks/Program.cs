using System.Globalization;
using Metering.Benchmarks;
using Metering.Benchmarks.Cpu;
using Metering.Benchmarks.Generation;

// Verbs: each runs one measurement and writes its figures into --results; bench/run.sh runs them all and then
// `report`, which writes docs/performance.md.
var arguments = Arguments.Parse(args);
var results = arguments.Text("results", Path.Combine("out", "bench"));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

switch (arguments.Verb)
{
    case "generate":
    {
        var events = arguments.Number("events", 1_000_000);
        var path = arguments.Required("out");
        var bytes = await new EventStream(StreamShape.Default, events).WriteNdjsonAsync(path, cancel.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events:N0} events, {bytes:N0} bytes ({(double)bytes / events:F0} per line) -> {path}"));
        break;
    }

    case "cpu":
    {
        var figures = await CpuRun.RunAsync(results, (int)arguments.Number("core", Environment.ProcessorCount - 1), cancel.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plan {figures.PlanEventsPerSecond:N0} events/s, scan {figures.ScanEventsPerSecond:N0} events/s, {figures.ShareOfScan:P1} of the scan"));
        break;
    }

    case "profile":
    {
        // A steady loop of the planner for a sampling profiler (dotnet-trace) to attach to.
        var batch = GeneratedBatch.Create(StreamShape.Default, IngestCpuBenchmarks.BatchSize);
        var until = DateTime.UtcNow.AddSeconds(arguments.Number("seconds", 20));
        var rounds = 0;
        while (DateTime.UtcNow < until)
        {
            _ = Metering.Domain.Ingest.IngestPlanner.Plan(batch.Events, batch.Tenants, StreamShape.Default.IngestAt);
            rounds++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {batch.Events.Count:N0} events"));
        break;
    }

    default:
        Console.Error.WriteLine($"Unknown verb '{arguments.Verb}'.");
        return 2;
}

return 0;
