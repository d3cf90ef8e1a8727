using System.Globalization;
using System.Text;
using Metering.Benchmarks.Closing;
using Metering.Benchmarks.Costs;
using Metering.Benchmarks.EndToEnd;
using Metering.Storage.Activity;
using Metering.Storage.Keys;

namespace Metering.Benchmarks.Reporting;

/// <summary>Section 5 of the report: what the counted requests cost on Azure and how long a million-unit close takes there.</summary>
public static class CostSection
{
    /// <summary>Appends the section.</summary>
    public static void Append(
        StringBuilder md, EndToEndFigures? e2e, IReadOnlyList<CloseFigures>? close, Prices? prices)
    {
        ArgumentNullException.ThrowIfNull(md);
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        void Text(string text) => md.AppendLine(text);

        Text("## 5. Cost and capacity on Azure, from the counts");
        Text(string.Empty);
        if (prices is null || e2e?.Requests is null || close is null || close.Count == 0)
        {
            Text($"Not computed in this run: it needs `{Prices.FileName}` and the counts of sections 2 and 3.");
            Text(string.Empty);
            return;
        }

        Line($"Computed by `report` (`bench/Metering.Benchmarks/Costs/CostModel.cs`) from the request counts above and the inputs in `{Prices.FileName}`: list prices in {prices.Currency} entered by hand on {prices.AsOf} for {prices.Region}, not checked against the live price pages (this machine has no network); edit the file and run `report` again to price another region or agreement. Limits are Azure's documented targets:");
        Line($"a storage account serves {prices.Table.AccountTransactionsPerSecond:N0} transactions a second for entities of {prices.Table.AccountTargetEntityBytes:N0} bytes (the model counts each entity read or written against it, not each request), a table partition {prices.Table.PartitionEntitiesPerSecond:N0} entities a second; a query page holds up to {prices.Table.QueryPageEntities:N0} entities and an entity-group transaction up to {prices.Table.TransactionEntities} of one partition; {prices.Table.Billing}. An Event Hubs throughput unit ({prices.EventHubs.Tier}) admits {prices.EventHubs.ThroughputUnitEventsPerSecond:N0} events or {prices.EventHubs.ThroughputUnitBytesPerSecond / 1048576.0:F0} MB a second, whichever comes first.");
        Text(string.Empty);
        Line($"Prices used: Table Storage ${prices.Table.PerTenThousandTransactions} per 10,000 transactions; Blob Storage ({prices.Blob.Tier}) ${prices.Blob.WritePerTenThousand} per 10,000 writes, ${prices.Blob.ReadPerTenThousand} per 10,000 reads, ${prices.Blob.ListAndCreateContainerPerTenThousand} per 10,000 list pages or containers created, ${prices.Blob.DeletePerTenThousand} per 10,000 deletes; Queue Storage ${prices.Queue.PerTenThousand} per 10,000 operations; Event Hubs ${prices.EventHubs.IngressPerMillionEvents} per million ingress events and ${prices.EventHubs.ThroughputUnitHour} per throughput unit and hour.");
        Text(string.Empty);

        var ingest = CostModel.Ingest(e2e, prices);
        Text("### Ingest, per million events");
        Text(string.Empty);
        Line($"From section 2's counts ({e2e.Events:N0} events of the generated stream, {ingest.BytesPerEvent:F0} bytes each on average; the naive design upserts one table entity per accepted event, counted over {e2e.NaiveEvents:N0} events):");
        Text(string.Empty);
        Text("| per million events | this design | naive | naive ÷ this |");
        Text("| --- | ---: | ---: | ---: |");
        Line($"| table requests (each a billed transaction) | {ingest.TableRequests:N0} | {ingest.NaiveTableRequests:N0} | {ingest.NaiveTableRequests / ingest.TableRequests:N0}× |");
        Line($"| of which entity-group transactions | {ingest.TableTransactions:N0} | {ingest.NaiveTableTransactions:N0} | |");
        Line($"| of which point reads (batch markers, claimed identities) | {ingest.TablePointReads:N0} | {ingest.NaiveTablePointReads:N0} | |");
        Line($"| blob requests (raw archive, dead letters) | {ingest.BlobRequests:N0} | {ingest.NaiveBlobRequests:N0} | |");
        Line($"| storage requests, dollars | ${ingest.StorageDollars:F4} | ${ingest.NaiveStorageDollars:F4} | {ingest.DollarRatio:N0}× |");
        Line($"| Event Hubs at a steady 1,000 events/s (ingress and {ingest.ThroughputUnits} throughput unit{(ingest.ThroughputUnits == 1 ? string.Empty : "s")}), dollars | ${ingest.EventHubsDollars:F4} | ${ingest.EventHubsDollars:F4} | |");
        Line($"| **total, dollars** | **${ingest.StorageDollars + ingest.EventHubsDollars:F4}** | ${ingest.NaiveStorageDollars + ingest.EventHubsDollars:F4} | {(double)((ingest.NaiveStorageDollars + ingest.EventHubsDollars) / (ingest.StorageDollars + ingest.EventHubsDollars)):F1}× |");
        Text(string.Empty);
        var eventsBind = 1000.0 / prices.EventHubs.ThroughputUnitEventsPerSecond >= 1000 * ingest.BytesPerEvent / prices.EventHubs.ThroughputUnitBytesPerSecond;
        Line($"Event Hubs: 1,000 events a second of this stream are {1000 * ingest.BytesPerEvent / 1048576.0:F2} MB a second, so {(eventsBind ? "events, not bytes," : "bytes, not events,")} bind: **{ingest.ThroughputUnitsPerThousandEventsPerSecond:F2} throughput units per 1,000 events/s** ({ingest.ThroughputUnits} rounded up). At 1,000 events a second this design sends a storage account {ingest.TableRequests / 1000:F1} table transactions a second carrying {ingest.EntitiesPerEvent * 1000:N0} entities ({ingest.EntitiesPerEvent:F2} per event: the claim of its identity and its share of presence, facts and touches); the naive design {ingest.NaiveTableRequests / 1000:N0} transactions of {ingest.NaiveEntitiesPerEvent * 1000:N0} entities. The account's target is stated in transactions of {prices.Table.AccountTargetEntityBytes:N0}-byte entities, so an entity-group transaction's share of it lies between one transaction and its entities: counted by entities, one account takes about **{prices.Table.AccountTransactionsPerSecond / ingest.EntitiesPerEvent:N0} events a second** of this design's ingest (the naive design {prices.Table.AccountTransactionsPerSecond / ingest.NaiveEntitiesPerEvent:N0}); counted by transactions, {prices.Table.AccountTransactionsPerSecond / (ingest.TableRequests / 1e6):N0}. Plan on the first figure: beyond it, a second storage account (claims, or tenants, apart).");
        Text(string.Empty);

        var eventsPerUnitMonth = (double)e2e.Census.Accepted / Math.Max(1, e2e.Census.ActiveUnitMonths);
        var costs = close.GroupBy(c => c.Template)
            .Select(g => CostModel.Close(g.MaxBy(c => c.Units)!, eventsPerUnitMonth, prices))
            .OrderBy(c => CloseRun.Templates.ToList().IndexOf(c.Template))
            .ToList();
        Line($"### A close, per {CostModel.ClosedUnits:N0} active units");
        Text(string.Empty);
        Line($"From section 3's counts at the largest size, scaled to {CostModel.ClosedUnits:N0} units: entities read grow linearly with the units, and requests approach one per {prices.Table.QueryPageEntities:N0} entities plus a fixed handful (section 3), so scaled from a smaller largest size the requests come out somewhat high. The naive design reads back every event of the months the window reads: the generated stream has {eventsPerUnitMonth:F1} accepted events per active unit and month ({e2e.Census.Accepted:N0} events, {e2e.Census.ActiveUnitMonths:N0} active unit-months), a full page of {prices.Table.QueryPageEntities:N0} per request. For `registered-users` it is given one month, which understates it: a naive design would read every state event since the tenant began.");
        Text(string.Empty);
        Text("| template | months read | requests | entities read | dollars | naive requests | naive entities read | naive dollars | naive ÷ this, requests |");
        Text("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in costs)
        {
            Line($"| `{c.Template}` | {c.MonthsRead} | {c.Requests:N0} | {c.EntitiesRead:N0} | ${c.Dollars:F6} | {c.NaiveRequests:N0} | {c.NaiveEntities:N0} | ${c.NaiveDollars:F6} | {c.NaiveRequests / c.Requests:F1}× |");
        }

        Text(string.Empty);
        if (e2e.Census.PresenceEntities > 0)
        {
            // The close benchmark's units each launch one app a month; the generated stream's users do several kinds of
            // things, and each kind is a presence entity, so compare the two designs on the stream's own shape too.
            var presencePerUnitMonth = (double)e2e.Census.PresenceEntities / e2e.Census.ActiveUnitMonths;
            Line($"On the generated stream's own shape the comparison is narrower: its users do several kinds of things, and each kind a unit did in a month is a presence entity, {presencePerUnitMonth:F2} per active unit and month ({e2e.Census.PresenceEntities:N0} for {e2e.Census.ActiveUnitMonths:N0} unit-months), where the benchmark's units have one. A monthly distinct count then reads {presencePerUnitMonth:F2} presence entities per unit (plus the tenant's facts) against the naive design's {eventsPerUnitMonth:F1} events: {eventsPerUnitMonth / presencePerUnitMonth:F1}× fewer before the facts.");
            Text(string.Empty);
        }

        var monthly = costs.FirstOrDefault(c => c.Template == "monthly-active");
        if (monthly is not null)
        {
            var events = eventsPerUnitMonth * CostModel.ClosedUnits;
            var ingestDollars = (ingest.StorageDollars + ingest.EventHubsDollars) * (decimal)(events / 1e6);
            var naiveIngestDollars = (ingest.NaiveStorageDollars + ingest.EventHubsDollars) * (decimal)(events / 1e6);
            Line($"All in, a month of {CostModel.ClosedUnits:N0} active users sending this stream's {eventsPerUnitMonth:F1} events each ({events / 1e6:F1} million events) and closed under `monthly-active`: ingest ${ingestDollars:F2} and the close ${monthly.Dollars:F6}, **${ingestDollars + monthly.Dollars:F2} a month** in requests (storage capacity, compute and egress not included); the naive design ${naiveIngestDollars + monthly.NaiveDollars:F2}. {(ingestDollars > monthly.Dollars ? "Ingest, not the close, is the cost" : "The close, not ingest, is the cost")}; of ingest, Event Hubs takes {(double)(ingest.EventHubsDollars / (ingest.StorageDollars + ingest.EventHubsDollars)):P0} and storage requests the rest.");
            Text(string.Empty);
        }

        Line($"### A {CostModel.TimedUnits:N0}-unit close at Table Storage's targets");
        Text(string.Empty);
        Line($"Reading time only, from the entities each table returned (scaled to {CostModel.TimedUnits:N0} units), at the documented targets and with this project's layout: presence is {Shards.Count} shard partitions per tenant-month, read {TableActivityStore.ConcurrentShardReads} at a time ({Math.Min(TableActivityStore.ConcurrentShardReads * prices.Table.PartitionEntitiesPerSecond, prices.Table.AccountTransactionsPerSecond):N0} entities a second), the months one after another; facts are one range query over the tenant's partitions, served one partition after another ({prices.Table.PartitionEntitiesPerSecond:N0} entities a second). The measure itself is the closing process's processor time of section 3. The naive design is given the whole account's target, {prices.Table.AccountTransactionsPerSecond:N0} entities a second, its best case.");
        Text(string.Empty);
        Text("| template | presence entities | fact entities | presence (s) | facts (s) | **reads (s)** | processor (s), closing process | naive reads (s) | naive ÷ this |");
        Text("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in costs)
        {
            var figures = close.Where(f => f.Template == c.Template).MaxBy(f => f.Units)!;
            var timedScale = (double)CostModel.TimedUnits / figures.Units;
            Line($"| `{c.Template}` | {figures.PresenceEntitiesRead * timedScale:N0} | {figures.FactEntitiesRead * timedScale:N0} | {c.PresenceSeconds:F0} | {c.FactSeconds:F0} | **{c.Seconds:F0}** | {figures.CpuSeconds * timedScale:F0} | {c.NaiveSeconds:N0} | {c.NaiveSeconds / c.Seconds:F1}× |");
        }

        Text(string.Empty);

        // Statements (docs/closing.md): month k of a contract year reads the year's first k months of presence and the
        // window's facts through its end; each statement closed before its window is due is closed once more when it is
        // (window-closed). Twelve statements: 78 months of presence at first, 66 more again; 12 + 11 fact reads.
        var year = close.Where(c => c.Template == "contract-year-active").MaxBy(c => c.Units);
        if (year is not null && year.MonthsRead > 0)
        {
            var presencePerUnitMonth = (double)year.PresenceEntitiesRead / year.Units / year.MonthsRead;
            var factsPerUnit = (double)year.FactEntitiesRead / year.Units;
            const int months = 12;
            const int statementMonths = (months * (months + 1) / 2) + ((months - 1) * months / 2);
            const int statementFactReads = months + (months - 1);
            double Pages(double presenceMonths, int factReads) =>
                Math.Ceiling((presencePerUnitMonth * presenceMonths + factsPerUnit * factReads) * CostModel.ClosedUnits / prices.Table.QueryPageEntities);
            var invoicePages = Pages(months, 1);
            var statementPages = Pages(statementMonths, statementFactReads);
            Line($"Interim statements add reads (docs/closing.md, \"Statements\"): a contract year's month-k statement reads the year's first k months of presence and the window's facts, and each statement closed before its window is due is closed once more when it is. The twelve statements of a `contract-year-active` year therefore read {statementMonths} months of presence and the facts {statementFactReads} times, where its invoice reads {months} months and the facts once. For {CostModel.ClosedUnits:N0} units active all year ({presencePerUnitMonth:F1} presence entity per unit and month, {factsPerUnit:F1} fact per unit, as measured): the invoice about {invoicePages:N0} query pages, the statements about {statementPages:N0} ({statementPages / invoicePages:F1}×), ${(decimal)statementPages / 10_000m * prices.Table.PerTenThousandTransactions:F6} a year in table transactions.");
            Text(string.Empty);
        }
    }
}
