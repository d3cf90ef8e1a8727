using Metering.Benchmarks.EndToEnd;

namespace Metering.Benchmarks.Closing;

/// <summary>One close of one window, measured in a process of its own.</summary>
/// <param name="Template">The contract's template.</param>
/// <param name="Units">Units active (and registered) in the tenant.</param>
/// <param name="MonthsRead">Calendar months of presence the window reads (facts are read through its end).</param>
/// <param name="Quantity">The quantity the invoice bills: equal to <paramref name="Units"/> when the close is right.</param>
/// <param name="Seconds">Wall time of the whole close (reads, measure, evidence, invoice, ledger).</param>
/// <param name="CpuSeconds">Processor time of the closing process during the close.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory (VmHWM) at the end.</param>
/// <param name="StartWorkingSetBytes">Its resident memory just before the close began.</param>
/// <param name="PeakManagedBytes">The largest managed heap size sampled during the close (every 10 ms).</param>
/// <param name="AllocatedBytes">Bytes allocated during the close.</param>
/// <param name="Gen2Collections">Full collections during the close.</param>
/// <param name="Requests">Every storage request of the close, by kind, with the table entities read and written.</param>
/// <param name="PresenceEntitiesRead">Entities read from the presence table (16 shard partitions per tenant-month).</param>
/// <param name="FactEntitiesRead">Entities read from the facts table (one range query over the tenant's partitions).</param>
public sealed record CloseFigures(
    string Template,
    int Units,
    int MonthsRead,
    long Quantity,
    double Seconds,
    double CpuSeconds,
    long PeakWorkingSetBytes,
    long StartWorkingSetBytes,
    long PeakManagedBytes,
    long AllocatedBytes,
    int Gen2Collections,
    RequestCounts Requests,
    long PresenceEntitiesRead,
    long FactEntitiesRead)
{
    /// <summary>Processor seconds Azurite spent while the closing process ran (measured by the parent, which started it).</summary>
    public double AzuriteCpuSeconds { get; init; }

    /// <summary>Wall seconds the parent took to load this size's data (once for every template of the size).</summary>
    public double LoadSeconds { get; init; }

    /// <summary>Processor microseconds of the closing process per unit.</summary>
    public double CpuMicrosecondsPerUnit => CpuSeconds * 1e6 / Units;

    /// <summary>Storage requests per thousand units.</summary>
    public double RequestsPerThousandUnits => Requests.Requests * 1000.0 / Units;
}

/// <summary>What the parent tells a closing process.</summary>
/// <param name="Connection">The emulator's connection string.</param>
/// <param name="Prefix">The size's storage prefix.</param>
/// <param name="Contract">The contract to close.</param>
/// <param name="Units">Units loaded.</param>
/// <param name="Template">The contract's template.</param>
/// <param name="Output">Where to write the figures.</param>
/// <param name="TablePort">The emulator's Table port (to tell table requests from blob ones).</param>
/// <param name="BlobPort">The emulator's Blob port.</param>
public sealed record CloseOneArguments(string Connection, string Prefix, string Contract, int Units, string Template, string Output, int TablePort, int BlobPort);
