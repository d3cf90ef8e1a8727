namespace Metering.Benchmarks.Cpu;

/// <summary>
/// The fastest of many alternating rounds of scan, parse and plan, timed by the thread's own processor clock: an
/// estimate of the rates on an undisturbed core, beside BenchmarkDotNet's means, which include the time other work
/// on the shared machine takes from the benchmark.
/// </summary>
/// <param name="Rounds">Rounds run.</param>
/// <param name="ScanNanoseconds">Fastest round of the raw scan, per event.</param>
/// <param name="ParseNanoseconds">Fastest round of the parser alone, per event.</param>
/// <param name="PlanNanoseconds">Fastest round of the planner, per event.</param>
/// <param name="ParseAllocatedBytes">Bytes the parser allocates per event.</param>
/// <param name="PlanAllocatedBytes">Bytes the planner allocates per event.</param>
/// <param name="Accepted">Events of the batch the parser accepts.</param>
/// <param name="CommonReads">Of those, how many its common reader read (the full reader read the rest).</param>
public sealed record QuickFigures(
    int Rounds,
    double ScanNanoseconds,
    double ParseNanoseconds,
    double PlanNanoseconds,
    double ParseAllocatedBytes,
    double PlanAllocatedBytes,
    int Accepted = 0,
    int CommonReads = 0);
