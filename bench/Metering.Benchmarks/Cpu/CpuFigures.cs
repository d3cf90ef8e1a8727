namespace Metering.Benchmarks.Cpu;

/// <summary>What the CPU benchmark measured, per event, in one BenchmarkDotNet run.</summary>
/// <param name="Events">Events per planned batch.</param>
/// <param name="AverageBodyBytes">Mean body size.</param>
/// <param name="ScanNanoseconds">Mean time of the raw token scan per event.</param>
/// <param name="ScanErrorNanoseconds">Half of its 99.9% confidence interval.</param>
/// <param name="ParseNanoseconds">Mean time of the parser's validation alone per event.</param>
/// <param name="ParseErrorNanoseconds">Half of its 99.9% confidence interval.</param>
/// <param name="PlanNanoseconds">Mean time of <c>IngestPlanner.Plan</c> per event.</param>
/// <param name="PlanErrorNanoseconds">Half of its 99.9% confidence interval.</param>
/// <param name="PlanAllocatedBytes">Bytes allocated by the planner per event.</param>
/// <param name="LoadBefore">One-minute load average before the run.</param>
/// <param name="LoadAfter">One-minute load average after it.</param>
/// <param name="SummaryTable">BenchmarkDotNet's own table of the run.</param>
/// <param name="WithoutOutputNanoseconds">Mean time of the planner with its output left out, per event (0 when not measured).</param>
/// <param name="WithoutOutputErrorNanoseconds">Half of its 99.9% confidence interval.</param>
public sealed record CpuFigures(
    int Events,
    double AverageBodyBytes,
    double ScanNanoseconds,
    double ScanErrorNanoseconds,
    double ParseNanoseconds,
    double ParseErrorNanoseconds,
    double PlanNanoseconds,
    double PlanErrorNanoseconds,
    double PlanAllocatedBytes,
    double LoadBefore,
    double LoadAfter,
    string SummaryTable,
    double WithoutOutputNanoseconds = 0,
    double WithoutOutputErrorNanoseconds = 0)
{
    /// <summary>Events per second of the planner on one core.</summary>
    public double PlanEventsPerSecond => 1e9 / PlanNanoseconds;

    /// <summary>Events per second of the raw scan on one core.</summary>
    public double ScanEventsPerSecond => 1e9 / ScanNanoseconds;

    /// <summary>The planner's rate as a share of the scan's.</summary>
    public double ShareOfScan => ScanNanoseconds / PlanNanoseconds;
}
