using Metering.Benchmarks.Closing;
using Metering.Benchmarks.EndToEnd;
using Metering.Storage.Activity;
using Metering.Storage.Keys;

namespace Metering.Benchmarks.Costs;

/// <summary>
/// What the counted requests cost on Azure and how long they take at its documented rates: computed from the
/// benchmark's counts (machine-independent) and <see cref="Prices"/>, for this design and for a naive one (one table
/// write per event at ingest; at the close, every event of the months a window reads read back).
/// </summary>
public static class CostModel
{
    /// <summary>The active units a close is priced for.</summary>
    public const int ClosedUnits = 100_000;

    /// <summary>The units a close is timed for.</summary>
    public const int TimedUnits = 1_000_000;

    /// <summary>Dollars of storage requests, by the kind each is billed as.</summary>
    public static decimal Dollars(RequestCounts counts, Prices prices, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(prices);
        decimal Of(double count, decimal perTenThousand) => (decimal)(count * scale) / 10_000m * perTenThousand;
        return Of(counts.TableRequests, prices.Table.PerTenThousandTransactions)
            + Of(counts.BlobPuts, prices.Blob.WritePerTenThousand)
            + Of(counts.BlobReads, prices.Blob.ReadPerTenThousand)
            + Of(counts.BlobLists, prices.Blob.ListAndCreateContainerPerTenThousand)
            + Of(counts.BlobOther, prices.Blob.DeletePerTenThousand)
            + Of(counts.Queue, prices.Queue.PerTenThousand);
    }

    /// <summary>Ingest per million events, this design against the naive one.</summary>
    public static IngestCost Ingest(EndToEndFigures e2e, Prices prices)
    {
        ArgumentNullException.ThrowIfNull(e2e);
        ArgumentNullException.ThrowIfNull(prices);
        var requests = e2e.Requests ?? throw new InvalidOperationException("The end-to-end figures hold no request counts: run e2e again.");
        var naive = e2e.NaiveRequests ?? throw new InvalidOperationException("The end-to-end figures hold no naive request counts: run e2e again.");
        var scale = 1e6 / e2e.Events;
        var naiveScale = 1e6 / e2e.NaiveEvents;

        // Event Hubs: a throughput unit admits so many events or so many bytes a second, whichever comes first.
        var bytesPerEvent = (double)e2e.Bytes / e2e.Events;
        var unitsPerThousand = Math.Max(1000.0 / prices.EventHubs.ThroughputUnitEventsPerSecond, 1000 * bytesPerEvent / prices.EventHubs.ThroughputUnitBytesPerSecond);
        var throughputUnits = (int)Math.Ceiling(unitsPerThousand);

        // A million events at a steady thousand a second hold the throughput units for a thousand seconds.
        var hubDollars = prices.EventHubs.IngressPerMillionEvents + (throughputUnits * prices.EventHubs.ThroughputUnitHour * 1000m / 3600m);
        return new IngestCost(
            TableRequests: requests.TableRequests * scale,
            TableTransactions: requests.TableTransactions * scale,
            TablePointReads: requests.TablePointReads * scale,
            BlobRequests: requests.BlobRequests * scale,
            StorageDollars: Dollars(requests, prices, scale),
            NaiveTableRequests: naive.TableRequests * naiveScale,
            NaiveTableTransactions: naive.TableTransactions * naiveScale,
            NaiveTablePointReads: naive.TablePointReads * naiveScale,
            NaiveBlobRequests: naive.BlobRequests * naiveScale,
            NaiveStorageDollars: Dollars(naive, prices, naiveScale),
            EventHubsDollars: hubDollars,
            BytesPerEvent: bytesPerEvent,
            EntitiesPerEvent: (double)requests.EntitiesWritten / e2e.Events,
            NaiveEntitiesPerEvent: (double)naive.EntitiesWritten / e2e.NaiveEvents,
            ThroughputUnitsPerThousandEventsPerSecond: unitsPerThousand,
            ThroughputUnits: throughputUnits);
    }

    /// <summary>
    /// A close per template, from its largest measured size: priced for <see cref="ClosedUnits"/> active units and
    /// timed for <see cref="TimedUnits"/> at Table Storage's per-partition and per-account targets.
    /// </summary>
    /// <param name="close">The close's figures at its largest size.</param>
    /// <param name="eventsPerUnitMonth">Accepted events per active unit and month in the generated stream: what a naive design reads back per unit and month.</param>
    /// <param name="prices">Prices and limits.</param>
    public static CloseCost Close(CloseFigures close, double eventsPerUnitMonth, Prices prices)
    {
        ArgumentNullException.ThrowIfNull(close);
        ArgumentNullException.ThrowIfNull(prices);
        var scale = (double)ClosedUnits / close.Units;
        var requests = close.Requests.Requests * scale;
        var dollars = Dollars(close.Requests, prices, scale);

        // The naive design keeps every event: a close reads each event of the months its window reads, a full page
        // of entities per request.
        // A window that reads no presence (the state templates) is given one month of events: an understatement.
        var naiveMonths = Math.Max(close.MonthsRead, 1);
        var naiveEntities = eventsPerUnitMonth * naiveMonths * ClosedUnits;
        var naiveRequests = Math.Ceiling(naiveEntities / prices.Table.QueryPageEntities);
        var naiveDollars = (decimal)naiveRequests / 10_000m * prices.Table.PerTenThousandTransactions;

        // Time at the documented targets, for a million units (entities read grow linearly with the units). Presence: a month's 16 shard partitions, read ConcurrentShardReads at a time, the months one
        // after another; facts: one range query over the tenant's partitions, one partition after another.
        var timedScale = (double)TimedUnits / close.Units;
        var presenceRate = Math.Min(
            Math.Min(TableActivityStore.ConcurrentShardReads, Shards.Count) * (double)prices.Table.PartitionEntitiesPerSecond,
            prices.Table.AccountTransactionsPerSecond);
        var presenceSeconds = close.PresenceEntitiesRead * timedScale / presenceRate;
        var factSeconds = close.FactEntitiesRead * timedScale / prices.Table.PartitionEntitiesPerSecond;
        var naiveSeconds = eventsPerUnitMonth * naiveMonths * TimedUnits / prices.Table.AccountTransactionsPerSecond;
        return new CloseCost(
            close.Template,
            close.MonthsRead,
            requests,
            close.Requests.EntitiesRead * scale,
            dollars,
            naiveRequests,
            naiveEntities,
            naiveDollars,
            presenceSeconds,
            factSeconds,
            naiveSeconds);
    }
}

/// <summary>Ingest of a million events, priced.</summary>
/// <param name="TableRequests">Table requests (every one a transaction).</param>
/// <param name="TableTransactions">Of which entity-group transactions.</param>
/// <param name="TablePointReads">Of which point reads (markers, claimed identities).</param>
/// <param name="BlobRequests">Blob requests (raw archive, dead letters).</param>
/// <param name="StorageDollars">What the storage requests cost.</param>
/// <param name="NaiveTableRequests">The naive design's table requests.</param>
/// <param name="NaiveTableTransactions">Of which entity-group transactions.</param>
/// <param name="NaiveTablePointReads">Of which point reads.</param>
/// <param name="NaiveBlobRequests">Its blob requests.</param>
/// <param name="NaiveStorageDollars">What they cost.</param>
/// <param name="EventHubsDollars">Event Hubs' ingress and throughput units at a steady thousand events a second (the same for both designs).</param>
/// <param name="BytesPerEvent">Average event size in the stream.</param>
/// <param name="EntitiesPerEvent">Table entities written per event (activity and claims).</param>
/// <param name="NaiveEntitiesPerEvent">The naive design's.</param>
/// <param name="ThroughputUnitsPerThousandEventsPerSecond">Throughput units a thousand events a second need, before rounding up.</param>
/// <param name="ThroughputUnits">Rounded up.</param>
public sealed record IngestCost(
    double TableRequests,
    double TableTransactions,
    double TablePointReads,
    double BlobRequests,
    decimal StorageDollars,
    double NaiveTableRequests,
    double NaiveTableTransactions,
    double NaiveTablePointReads,
    double NaiveBlobRequests,
    decimal NaiveStorageDollars,
    decimal EventHubsDollars,
    double BytesPerEvent,
    double EntitiesPerEvent,
    double NaiveEntitiesPerEvent,
    double ThroughputUnitsPerThousandEventsPerSecond,
    int ThroughputUnits)
{
    /// <summary>How many times cheaper in storage requests.</summary>
    public double DollarRatio => (double)(NaiveStorageDollars / StorageDollars);
}

/// <summary>One template's close, priced and timed.</summary>
/// <param name="Template">The template.</param>
/// <param name="MonthsRead">Months of presence the window reads.</param>
/// <param name="Requests">Requests per <see cref="CostModel.ClosedUnits"/> units.</param>
/// <param name="EntitiesRead">Entities read per as many units.</param>
/// <param name="Dollars">What the requests cost.</param>
/// <param name="NaiveRequests">The naive design's requests for as many units.</param>
/// <param name="NaiveEntities">Its entities read.</param>
/// <param name="NaiveDollars">What its requests cost.</param>
/// <param name="PresenceSeconds">Reading presence for <see cref="CostModel.TimedUnits"/> units at the targets.</param>
/// <param name="FactSeconds">Reading facts for as many units at the targets.</param>
/// <param name="NaiveSeconds">The naive design reading its events at the account's target, every partition at once.</param>
public sealed record CloseCost(
    string Template,
    int MonthsRead,
    double Requests,
    double EntitiesRead,
    decimal Dollars,
    double NaiveRequests,
    double NaiveEntities,
    decimal NaiveDollars,
    double PresenceSeconds,
    double FactSeconds,
    double NaiveSeconds)
{
    /// <summary>Reading time of a million-unit close at the targets.</summary>
    public double Seconds => PresenceSeconds + FactSeconds;
}
