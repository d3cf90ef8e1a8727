namespace Metering.Benchmarks.Closing;

/// <summary>One close of one window, measured in a process of its own.</summary>
/// <param name="Template">The contract's template.</param>
/// <param name="Units">Units active (and registered) in the tenant-month.</param>
/// <param name="Quantity">The quantity the invoice bills: equal to <paramref name="Units"/> when the close is right.</param>
/// <param name="Seconds">Wall time of the whole close (reads, measure, evidence, invoice, ledger).</param>
/// <param name="CpuSeconds">Processor time of the closing process during the close and the reads timed again after it.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory (VmHWM) at the end.</param>
/// <param name="StartWorkingSetBytes">Its resident memory just before the close began.</param>
/// <param name="PeakManagedBytes">The largest managed heap size sampled during the close (every 10 ms).</param>
/// <param name="AllocatedBytes">Bytes allocated during the close.</param>
/// <param name="Gen2Collections">Full collections during the close.</param>
/// <param name="ReadSeconds">The close's storage reads (presence, facts) timed again on their own after it.</param>
/// <param name="RowsRead">Presence records and facts those reads returned.</param>
public sealed record CloseFigures(
    string Template,
    int Units,
    long Quantity,
    double Seconds,
    double CpuSeconds,
    long PeakWorkingSetBytes,
    long StartWorkingSetBytes,
    long PeakManagedBytes,
    long AllocatedBytes,
    int Gen2Collections,
    double ReadSeconds,
    long RowsRead)
{
    /// <summary>Processor seconds Azurite spent while the closing process ran, the close and the reads again (measured by the parent, which started it).</summary>
    public double AzuriteCpuSeconds { get; init; }
}
