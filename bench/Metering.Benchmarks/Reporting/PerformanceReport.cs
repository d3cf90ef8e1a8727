using System.Globalization;
using System.Text;
using Metering.Benchmarks.Closing;
using Metering.Benchmarks.Costs;
using Metering.Benchmarks.Cpu;
using Metering.Benchmarks.EndToEnd;
using Metering.Benchmarks.Memory;

namespace Metering.Benchmarks.Reporting;

/// <summary>
/// Writes <c>docs/performance.md</c> from the figures the measurements left in the results folder: the machine, each
/// figure with the command that reproduces it, the ratios, every target met or missed (by how much), and what the
/// measurements say bounds each one.
/// </summary>
public static class PerformanceReport
{
    private const string Bench = "dotnet bench/Metering.Benchmarks/bin/Release/net10.0/Metering.Benchmarks.dll";

    /// <summary>Reads the results and writes the report to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(string results, string output, CancellationToken cancellationToken)
    {
        var cpu = await ResultFiles.ReadAsync<CpuFigures>(results, "cpu", cancellationToken);
        var quick = await ResultFiles.ReadAsync<QuickFigures>(results, "cpu-quick", cancellationToken);
        var e2e = await ResultFiles.ReadAsync<EndToEndFigures>(results, "e2e", cancellationToken);
        var close = await ResultFiles.ReadAsync<List<CloseFigures>>(results, "close", cancellationToken);
        var memory = await ResultFiles.ReadAsync<MemoryFigures>(results, "memory", cancellationToken);
        var machine = MachineInfo.Current();
        var targets = new List<(string Target, string Measured, bool Met)>();

        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        void Text(string text) => md.AppendLine(text);

        Text("# Performance");
        Text(string.Empty);
        Text("Written by `bench/run.sh` (do not edit by hand: run it again). Every figure below names the command that");
        Text("measures it; run `bash bench/run.sh` from the repository root to measure them all and rewrite this file.");
        Text("The machine is shared (other builds run beside the benchmarks), so absolute times are noisy: each");
        Text("comparison is a ratio measured in one run against a baseline on the same data, and the load average");
        Text("around each measurement is given.");
        Text(string.Empty);
        Line($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"- Machine: {machine.Cores} cores, {machine.Cpu}, {machine.MemoryBytes / 1073741824.0:F0} GiB memory");
        Line($"- OS: {machine.OperatingSystem}");
        Line($"- .NET: {machine.Runtime}; BenchmarkDotNet 0.15.8; Azurite 3.37.0 (in memory) on Node {NodeVersion()}");
        var written = new[] { "cpu", "cpu-quick", "e2e", "close", "memory" }
            .Select(name => (Name: name, At: ResultFiles.WrittenAt(results, name)))
            .Where(result => result.At is not null)
            .Select(result => string.Create(CultureInfo.InvariantCulture, $"{result.Name} {result.At:yyyy-MM-dd HH:mm}"));
        Line($"- Results written (UTC): {string.Join(", ", written)}. A measurement not run again keeps its file from an earlier run (`bench/run.sh` removes them all first; a step run alone replaces only its own).");
        Text(string.Empty);
        Text("## The stream");
        Text(string.Empty);
        Text("`bench/Metering.Benchmarks/Generation/EventStream.cs`, seeded (the same seed gives the same bytes): five");
        Text("tenants in five zones (Berlin, New York, UTC, Tokyo, Sydney) with 6,000, 3,000, 2,000, 1,500 and 500 users;");
        Text("activity per user follows a Zipf law (exponent 1.05); March 2025 in arrival order, jittered by up to ten");
        Text("minutes, 1% of events hours late, 0.5% redelivered byte for byte, 0.1% malformed (unknown type, missing");
        Text("subject). About 70% activity (five types, with `deployment` and an unknown `page` field), 5% meetings, 4%");
        Text("content, 12% sessions, 9% user state, and each user's first event preceded by its `user.created`; a quarter");
        Text("of events carry a `traceparent` extension, all a `datacontenttype`; subjects include `\\`, `/ # ? %`, spaces");
        Text("and non-ASCII. Written to NDJSON one event at a time (`generate --events N --out FILE`).");
        Text(string.Empty);

        Text("## 1. CPU path of ingest: `IngestPlanner.Plan` against a raw `Utf8JsonReader` scan");
        Text(string.Empty);
        if (cpu is null)
        {
            Text("Not measured in this run.");
        }
        else
        {
            Line($"Command: `{Bench} cpu --results out/bench` (BenchmarkDotNet, in process, pinned to one core; 4 warm-up and 15 measured iterations).");
            Line($"The batch is events 150,001–200,000 of the one-million-event stream ({cpu.Events:N0} events, {cpu.AverageBodyBytes:F0} bytes on average): a mid-month batch, since the first batches of a stream are mostly `user.created`.");
            Line($"One-minute load average: {cpu.LoadBefore:F2} before, {cpu.LoadAfter:F2} after.");
            Text(string.Empty);
            Text("| measured on the same bytes in one run | ns per event | events/s on one core | share of the scan's rate |");
            Text("| --- | ---: | ---: | ---: |");
            Line($"| raw scan (`Utf8JsonReader.Read` over every token) | {cpu.ScanNanoseconds:N0} ± {cpu.ScanErrorNanoseconds:N0} | {cpu.ScanEventsPerSecond:N0} | 100% |");
            if (cpu.ParseNanoseconds > 0)
            {
                Line($"| parse and validate only (`CloudEventParser.TryRead`) | {cpu.ParseNanoseconds:N0} ± {cpu.ParseErrorNanoseconds:N0} | {1e9 / cpu.ParseNanoseconds:N0} | {cpu.ScanNanoseconds / cpu.ParseNanoseconds:P1} |");
            }

            Line($"| **plan** (parse, validate, classify, coalesce) | {cpu.PlanNanoseconds:N0} ± {cpu.PlanErrorNanoseconds:N0} | **{cpu.PlanEventsPerSecond:N0}** | **{cpu.ShareOfScan:P1}** |");
            if (cpu.WithoutOutputNanoseconds > 0)
            {
                Line($"| a floor, not a plan: the plan without its output (`IngestPlanner.PlanWithoutOutput`) | {cpu.WithoutOutputNanoseconds:N0} ± {cpu.WithoutOutputErrorNanoseconds:N0} | {1e9 / cpu.WithoutOutputNanoseconds:N0} | {cpu.ScanNanoseconds / cpu.WithoutOutputNanoseconds:P1} |");
            }

            Text(string.Empty);
            if (cpu.WithoutOutputNanoseconds > 0)
            {
                Line($"The last row does everything the plan does (parsing, validation, the hashes the stored formats fix, claims settled, a second pass when ids are reused) except make its presence records, fact chunks and their order: what planning would cost if its output were free. It is the floor of this design for the two CPU targets: {(cpu.WithoutOutputNanoseconds <= 1_000 ? "at or under" : "over")} 1,000 ns an event, {cpu.ScanNanoseconds / cpu.WithoutOutputNanoseconds:P1} of the scan against 35 %.");
                Text(string.Empty);
            }
            if (quick is not null)
            {
                Line($"The same three, as the fastest of {quick.Rounds} alternating rounds timed by the thread's processor clock (`{Bench} quick --rounds {quick.Rounds} --results out/bench`, pinned to one core from within the process, as BenchmarkDotNet's run is): an estimate for an undisturbed core, since BenchmarkDotNet's means include the time other work on this shared machine takes from the benchmark. Scan {quick.ScanNanoseconds:F0} ns, parse {quick.ParseNanoseconds:F0} ns, plan **{quick.PlanNanoseconds:F0} ns per event: {1e9 / quick.PlanNanoseconds:N0} events/s, {quick.ScanNanoseconds / quick.PlanNanoseconds:P1} of the scan**; parse alone {quick.ScanNanoseconds / quick.ParseNanoseconds:P1} of the scan.");
                if (quick.Accepted > 0)
                {
                    Line($"The parser's common reader (`CloudEventParser.Common.cs`) read {quick.CommonReads:N0} of the batch's {quick.Accepted:N0} accepted events; the full reader read the rest and every rejected one.");
                }

                Text(string.Empty);
            }

            Line($"The planner allocates {cpu.PlanAllocatedBytes:F0} bytes per event. BenchmarkDotNet's table:");
            Text(string.Empty);
            Text(cpu.SummaryTable);
            Text(string.Empty);
            targets.Add(("CPU path ≥ 1,000,000 events/s on one core", $"{cpu.PlanEventsPerSecond:N0} events/s", cpu.PlanEventsPerSecond >= 1_000_000));
            targets.Add(("CPU path ≥ 35% of the raw scan's rate", $"{cpu.ShareOfScan:P1}", cpu.ShareOfScan >= 0.35));
            AppendProfile(md, results);
        }

        await AppendNotesAsync(md, "notes-cpu.md", cancellationToken);

        Text("## 2. End to end against a local Azurite, and the naive baseline");
        Text(string.Empty);
        if (e2e is null)
        {
            Text("Not measured in this run.");
        }
        else
        {
            Line($"Command: `{Bench} e2e --events {e2e.Events} --naive-events {e2e.NaiveEvents} --results out/bench`.");
            Line($"The ingest handler exactly as the hosts compose it (plan, raw archive, dead letters, coalesced table writes, batch marker; batches of {e2e.BatchSize:N0}) over a {e2e.Events:N0}-event stream ({e2e.Bytes / 1048576.0:F0} MB), every HTTP request counted by a pipeline policy. The naive baseline validates the same way and then upserts one row per accepted event ({e2e.NaiveInFlight} requests in flight){(e2e.NaiveEvents < e2e.Events ? string.Create(CultureInfo.InvariantCulture, $", over the first {e2e.NaiveEvents:N0} events of the same stream (one request per event by construction; the prefix keeps the run short)") : string.Empty)}.");
            Line($"One-minute load average: {e2e.LoadBefore:F2} before, {e2e.LoadAfter:F2} after.");
            Text(string.Empty);
            Text("| | pipeline | naive |");
            Text("| --- | ---: | ---: |");
            Line($"| events | {e2e.Events:N0} | {e2e.NaiveEvents:N0} |");
            Line($"| events/s | **{e2e.EventsPerSecond:N0}** | {e2e.NaiveEventsPerSecond:N0} |");
            Line($"| table entities written | {e2e.Entities:N0} | {e2e.NaiveEntities:N0} |");
            if (e2e.ActivityEntities > 0)
            {
                Line($"| of which activity (presence, chunks, touches, markers) | {e2e.ActivityEntities:N0} | |");
                Line($"| of which claims of event identities (duplicate detection) | {e2e.Entities - e2e.ActivityEntities:N0} | |");
            }

            Line($"| table requests (on the wire) | {e2e.TableRequests:N0} | {e2e.NaiveTableRequests:N0} |");
            Line($"| table requests per million events | **{e2e.TableRequestsPerMillion:N0}** | {e2e.NaiveTableRequestsPerMillion:N0} |");
            Line($"| blob requests (archive, dead letters) | {e2e.BlobRequests:N0} | 0 |");
            Line($"| processor seconds per million events, benchmark process | {e2e.ProcessCpuSeconds * 1e6 / e2e.Events:F1} | {e2e.NaiveProcessCpuSeconds * 1e6 / e2e.NaiveEvents:F1} |");
            Line($"| processor seconds per million events, Azurite (Node) | {e2e.AzuriteCpuSeconds * 1e6 / e2e.Events:F1} | {e2e.NaiveAzuriteCpuSeconds * 1e6 / e2e.NaiveEvents:F1} |");
            Text(string.Empty);
            Line($"The stream holds {e2e.Census.DistinctUnitDays:N0} distinct (tenant, kind, unit, local day): {e2e.Census.DistinctActivityDays:N0} of activity kinds and {e2e.Census.DistinctFactDays:N0} of fact families (counted with the planner, `StreamCensus`). The pipeline's activity store wrote {(e2e.ActivityEntities > 0 ? e2e.ActivityEntities : e2e.Entities):N0} entities, **{e2e.EntitiesPerDistinct:F3} per distinct unit-day** (presence merges the days of a batch into one entity per unit and month; each batch adds one marker), and made **{e2e.RequestReduction:N0}× fewer table requests per event** than the baseline. {e2e.Accepted:N0} events were accepted and {e2e.DeadLettered:N0} dead-lettered.");
            Text(string.Empty);
            Line($"Where the pipeline's {e2e.Seconds:F1} s went (wall time inside each port; the rest is claiming the events' identities, which is not timed apart, planning and reading): activity tables {e2e.ActivitySeconds:F1} s, raw archive {e2e.ArchiveSeconds:F1} s, dead letters {e2e.DeadLetterSeconds:F1} s.");
            var emulatorCeiling = e2e.Events / e2e.AzuriteCpuSeconds;
            var clientCeiling = e2e.Events / e2e.ProcessCpuSeconds;
            Line($"Both sides are processor-bound per entity written: Azurite spent {e2e.AzuriteCpuSeconds * 1e6 / e2e.Entities:F0} µs of processor time per entity and this process {e2e.ProcessCpuSeconds * 1e6 / e2e.Entities:F0} µs (the Azure SDK building and serialising entity-group transactions, our entity mapping, the archive's base64). With a whole core each and nothing else running, the emulator alone would cap ingest at about {emulatorCeiling:N0} events/s and the client at about {clientCeiling:N0}; on this two-core machine they share the cores with each other and with other work.");
            Text(string.Empty);
            targets.Add(("Entities written ≤ 1% above distinct (tenant, kind, unit, day)", $"{e2e.EntitiesPerDistinct:F3} per distinct ({(e2e.EntitiesPerDistinct - 1) * 100:+0.0;-0.0}%)", e2e.EntitiesPerDistinct <= 1.01));
            targets.Add(("≥ 100× fewer requests than the naive baseline", $"{e2e.RequestReduction:N0}×", e2e.RequestReduction >= 100));
            targets.Add(("End to end against local Azurite ≥ 50,000 events/s", $"{e2e.EventsPerSecond:N0} events/s", e2e.EventsPerSecond >= 50_000));
        }

        await AppendNotesAsync(md, "notes-e2e.md", cancellationToken);
        CloseSection.Append(md, close, targets);
        Text("## 4. Memory of a two-million-event ingest");
        Text(string.Empty);
        if (memory is null)
        {
            Text("Not measured in this run.");
        }
        else
        {
            Line($"Command: `{Bench} memory --events {memory.Events} --cli src/Metering.Cli/bin/Release/net10.0/metering.dll --results out/bench`, which runs `{memory.Command}` as a process of its own against a local Azurite (given the key index of section 3, so that its inserts do not slow down as two million claims pile up; the figure is the `metering` process's).");
            Line($"The file: {memory.Events:N0} events, {memory.Bytes / 1048576.0:F0} MB; {memory.Received:N0} received, {memory.Accepted:N0} accepted, in batches of {memory.BatchSize:N0}, in {memory.Seconds:F0} s.");
            Line($"Peak resident memory of the `metering` process: **{memory.MaxResidentBytes / 1048576.0:F0} MB** (kernel `getrusage` maximum resident set; VmHWM sampled every 20 ms: {memory.PeakResidentBytes / 1048576.0:F0} MB). Memory is bounded by the batch (bodies, plan, archive blob and entities of one batch at a time), not by the file.");
            Text(string.Empty);
            targets.Add(("Two-million-event ingest under 300 MB peak", $"{memory.MaxResidentBytes / 1048576.0:F0} MB", memory.MaxResidentBytes < 300L * 1048576));
        }

        var prices = Prices.Find() is { } pricesFile ? await Prices.ReadAsync(pricesFile, cancellationToken) : null;
        CostSection.Append(md, e2e, close, prices);

        Text("## Targets");
        Text(string.Empty);
        Text("| target | measured | |");
        Text("| --- | --- | --- |");
        foreach (var (target, measured, met) in targets)
        {
            Line($"| {target} | {measured} | {(met ? "met" : "**missed**")} |");
        }

        Text(string.Empty);
        var notes = Path.Combine(AppContext.BaseDirectory, "Reporting", "performance-notes.md");
        if (File.Exists(notes))
        {
            Text(await File.ReadAllTextAsync(notes, cancellationToken));
        }

        await File.WriteAllTextAsync(output, md.ToString(), cancellationToken);
    }

    /// <summary>Hand-written notes kept beside the code (figures measured by hand, outside this run, with their commands).</summary>
    private static async Task AppendNotesAsync(StringBuilder md, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reporting", name);
        if (File.Exists(path))
        {
            md.AppendLine((await File.ReadAllTextAsync(path, cancellationToken)).TrimEnd());
            md.AppendLine();
        }
    }

    private static void AppendProfile(StringBuilder md, string results)
    {
        foreach (var (file, title) in new[] { ("profile-plan.txt", "planner"), ("profile-parse.txt", "parser alone") })
        {
            var path = Path.Combine(results, file);
            if (!File.Exists(path))
            {
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture, $"Profile of the {title} (`dotnet-trace collect` of `{Bench} profile --what {(title == "planner" ? "plan" : "parse")} --seconds 20`, then `dotnet-trace report <trace> topN -n 30`; sampled thread time: the percentages are of every thread's samples, so compare each line with the inclusive share of `Plan` or `Parse`; the finalizer thread's waits are left out):");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in File.ReadLines(path).Where(l => !l.Contains("GetGCMemoryInfo", StringComparison.Ordinal) && !l.Contains("Finalize", StringComparison.Ordinal)).Take(27))
            {
                md.AppendLine(line.TrimEnd());
            }

            md.AppendLine("```");
            md.AppendLine();
        }
    }

    private static string NodeVersion()
    {
        try
        {
            using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            var version = node!.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(not found)";
        }
    }
}
