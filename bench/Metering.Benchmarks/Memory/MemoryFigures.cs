namespace Metering.Benchmarks.Memory;

/// <summary>Peak memory of one real <c>metering ingest</c> process over a large generated file.</summary>
/// <param name="Events">Events in the file.</param>
/// <param name="Bytes">Size of the file.</param>
/// <param name="BatchSize">Events per batch (the CLI's default).</param>
/// <param name="Seconds">Wall time of the ingest process.</param>
/// <param name="PeakResidentBytes">The highest VmHWM read from <c>/proc/{pid}/status</c> (sampled every 20 ms).</param>
/// <param name="MaxResidentBytes">The kernel's maximum resident size of the finished process (<c>getrusage</c>, exact).</param>
/// <param name="Accepted">Events the CLI reports accepted.</param>
/// <param name="Received">Events the CLI reports received.</param>
/// <param name="Command">The ingest command line, as run.</param>
public sealed record MemoryFigures(
    long Events,
    long Bytes,
    int BatchSize,
    double Seconds,
    long PeakResidentBytes,
    long MaxResidentBytes,
    long Accepted,
    long Received,
    string Command);
