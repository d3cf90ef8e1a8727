using System.Globalization;
using Metering.Benchmarks;
using Metering.Benchmarks.Closing;
using Metering.Benchmarks.Cpu;
using Metering.Benchmarks.EndToEnd;
using Metering.Benchmarks.Memory;
using Metering.Benchmarks.Reporting;
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

    case "e2e":
    {
        var events = arguments.Number("events", 1_000_000);
        var figures = await EndToEndRun.RunAsync(
            results,
            arguments.Text("stream", Path.Combine(results, "work", "stream.ndjson")),
            events,
            arguments.Number("naive-events", events),
            (int)arguments.Number("batch-size", 50_000),
            cancel.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pipeline {figures.EventsPerSecond:N0} events/s, {figures.Entities:N0} entities for {figures.Census.DistinctUnitDays:N0} distinct unit-days, {figures.RequestReduction:N0}x fewer table requests than naive ({figures.NaiveEventsPerSecond:N0} events/s)"));
        break;
    }

    case "close":
    {
        var sizes = arguments.Text("units", "10000,100000,1000000").Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToArray();
        await CloseRun.RunAsync(results, sizes, cancel.Token);
        break;
    }

    case "close-one":
        await CloseRun.CloseOneAsync(
            new CloseOneArguments(
                arguments.Required("connection"),
                arguments.Required("prefix"),
                arguments.Required("contract"),
                (int)arguments.Number("units", 0),
                arguments.Required("template"),
                arguments.Required("out"),
                (int)arguments.Number("table-port", -1),
                (int)arguments.Number("blob-port", -1)),
            cancel.Token);
        break;

    case "memory":
    {
        var events = arguments.Number("events", 2_000_000);
        var figures = await MemoryRun.RunAsync(
            results,
            arguments.Required("cli"),
            arguments.Text("stream", Path.Combine(results, "work", "stream-2m.ndjson")),
            events,
            cancel.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"metering ingest of {figures.Events:N0} events: peak {figures.MaxResidentBytes / 1048576.0:F0} MB (sampled VmHWM {figures.PeakResidentBytes / 1048576.0:F0} MB), {figures.Seconds:F0} s"));
        break;
    }

    case "report":
        await PerformanceReport.WriteAsync(results, arguments.Text("out", Path.Combine("docs", "performance.md")), cancel.Token);
        break;

    case "profile":
    {
        // A steady loop of the planner for a sampling profiler (dotnet-trace) to attach to.
        var benchmarks = new IngestCpuBenchmarks();
        benchmarks.Setup();
        var parseOnly = arguments.Text("what", "plan") == "parse";
        var until = DateTime.UtcNow.AddSeconds(arguments.Number("seconds", 20));
        var rounds = 0;
        while (DateTime.UtcNow < until)
        {
            _ = parseOnly ? benchmarks.Parse() : (object)benchmarks.Plan();
            rounds++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {IngestCpuBenchmarks.BatchSize:N0} events"));
        break;
    }

    case "quick":
    {
        // Alternating rounds of scan and plan; the fastest round of each is the least disturbed by other work on a
        // shared machine. For iterating on optimisations; the reported figures come from `cpu`. Pinned to one core from
        // within, as `cpu` is: started under `taskset`, the runtime sees a single processor and tiers and collects
        // differently (measured: the fastest rounds of the same build ranged from 2.2 to 5.2 us an event).
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1 << (int)arguments.Number("core", Environment.ProcessorCount - 1);
        }

        var batch = IngestCpuBenchmarks.Batch();
        var benchmarks = new IngestCpuBenchmarks();
        benchmarks.Setup();
        var (scan, parse, plan) = (double.MaxValue, double.MaxValue, double.MaxValue);
        for (var round = 0; round < arguments.Number("rounds", 40); round++)
        {
            // Processor time, not wall time: on a shared machine the thread is often waiting for a core.
            var start = ThreadClock.Nanoseconds();
            benchmarks.RawScan();
            var middle = ThreadClock.Nanoseconds();
            benchmarks.Plan();
            var end = ThreadClock.Nanoseconds();
            benchmarks.Parse();
            var parsed = ThreadClock.Nanoseconds();
            scan = Math.Min(scan, (double)(middle - start) / batch.Events.Count);
            plan = Math.Min(plan, (double)(end - middle) / batch.Events.Count);
            parse = Math.Min(parse, (double)(parsed - end) / batch.Events.Count);
        }

        var (pausedBefore, gen2Before) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        var gcClock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 10; round++)
        {
            benchmarks.Plan();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"10 plans: {gcClock.Elapsed.TotalMilliseconds:F0} ms, of which GC pauses {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms, {GC.CollectionCount(2) - gen2Before} full collections"));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        benchmarks.Parse();
        var parseBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        benchmarks.Plan();
        var planBytes = GC.GetAllocatedBytesForCurrentThread() - allocated - parseBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per event: parse {parseBytes / (double)batch.Events.Count:F0} B, plan {planBytes / (double)batch.Events.Count:F0} B"));
        var (accepted, commonReads) = benchmarks.CommonReaderCoverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"common reader: {commonReads:N0} of {accepted:N0} accepted events"));
        await Metering.Benchmarks.Reporting.ResultFiles.WriteAsync(results, "cpu-quick", new QuickFigures(
            (int)arguments.Number("rounds", 40), scan, parse, plan, parseBytes / (double)batch.Events.Count, planBytes / (double)batch.Events.Count, accepted, commonReads), cancel.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fastest rounds: scan {scan:F0} ns, parse {parse:F0} ns, plan {plan:F0} ns per event ({1e9 / plan:N0} events/s, {scan / plan:P1} of the scan)"));
        break;
    }

    default:
        Console.Error.WriteLine($"Unknown verb '{arguments.Verb}'.");
        return 2;
}

return 0;
