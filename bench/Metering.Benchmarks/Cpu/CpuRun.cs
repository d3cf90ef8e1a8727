using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Metering.Benchmarks.Generation;
using Metering.Benchmarks.Reporting;

namespace Metering.Benchmarks.Cpu;

/// <summary>
/// Runs <see cref="IngestCpuBenchmarks"/> on one core: the process is pinned to a single CPU (the benchmarks, the
/// JIT and the GC all share it), and BenchmarkDotNet runs in process so the pinning holds.
/// </summary>
public static class CpuRun
{
    /// <summary>Runs the benchmarks and writes <c>cpu.json</c> into <paramref name="results"/>.</summary>
    public static async Task<CpuFigures> RunAsync(string results, int core, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1 << core;
        }

        var loadBefore = LoadAverage.OneMinute();
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(4)
            .WithIterationCount(15);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(results, "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<IngestCpuBenchmarks>(config);
        var loadAfter = LoadAverage.OneMinute();

        var scan = Find(summary, nameof(IngestCpuBenchmarks.RawScan));
        var parse = Find(summary, nameof(IngestCpuBenchmarks.Parse));
        var plan = Find(summary, nameof(IngestCpuBenchmarks.Plan));
        var withoutOutput = Find(summary, nameof(IngestCpuBenchmarks.PlanWithoutOutput));
        var bodyBytes = IngestCpuBenchmarks.Batch().Bytes;
        var figures = new CpuFigures(
            IngestCpuBenchmarks.BatchSize,
            (double)bodyBytes / IngestCpuBenchmarks.BatchSize,
            scan.ResultStatistics!.Mean,
            scan.ResultStatistics.ConfidenceInterval.Margin,
            parse.ResultStatistics!.Mean,
            parse.ResultStatistics.ConfidenceInterval.Margin,
            plan.ResultStatistics!.Mean,
            plan.ResultStatistics.ConfidenceInterval.Margin,
            plan.GcStats.GetBytesAllocatedPerOperation(plan.BenchmarkCase) ?? 0,
            loadBefore,
            loadAfter,
            Table(summary),
            withoutOutput.ResultStatistics!.Mean,
            withoutOutput.ResultStatistics.ConfidenceInterval.Margin);
        await ResultFiles.WriteAsync(results, "cpu", figures, cancellationToken);
        return figures;
    }

    private static BenchmarkReport Find(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && r.ResultStatistics is not null)
        ?? throw new InvalidOperationException($"BenchmarkDotNet produced no result for {method}; see its log above.");

    private static string Table(Summary summary)
    {
        var logger = new AccumulationLogger();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
        var text = logger.GetLog();
        var start = text.IndexOf("| Method", StringComparison.Ordinal);
        return start >= 0 ? text[start..].Trim() : text.Trim();
    }
}
