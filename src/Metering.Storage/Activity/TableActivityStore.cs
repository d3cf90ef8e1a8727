using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure.Data.Tables;
using Metering.Domain.Activity;
using Metering.Domain.Closing;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Closing;
using Metering.Storage.Keys;
using Metering.Storage.Transactions;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Activity;

/// <summary>
/// Activity and state in Table Storage, laid out as docs/storage.md describes: presence merged per
/// (tenant, month, kind, unit), fact and session chunks, late-event touches, batch markers.
/// </summary>
/// <remarks>
/// <para>A write sends presence merges and chunk upserts, partitions in parallel (bounded), each partition's
/// entities in entity group transactions of one partition, at most 100 operations and under 4 MiB.</para>
/// <para>Late events: only after the data is stored does the write read the tenants' watermarks (the last day of
/// any closed window), then it records a touch for every day of the batch at or before its tenant's watermark. A
/// close raises the watermark before it reads data, so a batch whose data the close may have missed always sees the
/// raised watermark and leaves a touch: the scheduler then re-closes the window (docs/closing.md).</para>
/// <para>Redelivery: the last write of a batch is its marker in the <c>batches</c> table, with a digest of the
/// plan. A batch whose marker exists with the same digest was recorded completely before and nothing is written,
/// so ingesting the same input again changes no entity. A partial earlier write (a fault mid-batch) has no marker,
/// and the whole plan is written again: every write is a merge or replace of the same content.</para>
/// </remarks>
public sealed class TableActivityStore : IActivityStore, IActivityReader
{
    /// <summary>The longest zones text kept in the marker itself: a string property holds 32K UTF-16 characters.</summary>
    private const int ZonesInline = 32_000;

    /// <summary>Day flags asked for in one presence query: with the two partition bounds, the service's 15 comparisons.</summary>
    private const int FlagsPerQuery = TableFilterLimit.MaxComparisons - 2;

    private static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;

    // D01..D31, indexed by day of month (index 0 unused): made once, not once per entity and day.
    private static readonly string[] DayProperties = [.. Enumerable.Range(0, 32).Select(d => d == 0 ? string.Empty : TableKeys.DayProperty(d))];

    /// <summary>Shard partitions of one month queried at the same time by a presence read (the cost model in
    /// docs/performance.md reads it: a close's time at Table Storage's per-partition rate depends on it).</summary>
    public const int ConcurrentShardReads = 4;

    private readonly StorageAccount _account;
    private readonly IWatermarkStore _watermarks;
    private readonly int _maxConcurrentPartitions;

    /// <summary>Creates the store over <paramref name="account"/>, with the account's own watermarks table.</summary>
    /// <param name="account">The storage account and names.</param>
    /// <param name="maxConcurrentPartitions">How many partitions are written at the same time.</param>
    public TableActivityStore(StorageAccount account, int maxConcurrentPartitions = 8)
        : this(account, new TableWatermarkStore(account), maxConcurrentPartitions)
    {
    }

    /// <summary>Creates the store over <paramref name="account"/>.</summary>
    /// <param name="account">The storage account and names.</param>
    /// <param name="watermarks">The tenants' closed-through days, read to find late days.</param>
    /// <param name="maxConcurrentPartitions">How many partitions are written at the same time.</param>
    public TableActivityStore(StorageAccount account, IWatermarkStore watermarks, int maxConcurrentPartitions = 8)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(watermarks);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPartitions, 1);
        _account = account;
        _watermarks = watermarks;
        _maxConcurrentPartitions = maxConcurrentPartitions;
    }

    /// <inheritdoc />
    public async Task<StorageWriteCounts> WriteAsync(IngestPlan plan, Instant receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // A plan with nothing to write (every event dead-lettered) still gets its marker: a resent batch is then
        // reported as already recorded, not dead-lettered again.
        var digest = PlanDigest.Of(plan);
        var batches = await TableAsync(_account.Names.Batches, cancellationToken);
        var counts = new Counter();
        // Only whether this plan is recorded matters here: the zones of another plan's marker are not read.
        var marker = await RecordedAsync(batches, plan, digest, withZones: false, cancellationToken);
        counts.Add(0, 1);
        if (marker?.Recorded is { } recorded)
        {
            return recorded;
        }

        var presence = await TableAsync(_account.Names.Presence, cancellationToken);
        var facts = await TableAsync(_account.Names.Facts, cancellationToken);
        var sessions = await TableAsync(_account.Names.Sessions, cancellationToken);

        // Entities are made partition by partition as each is written, so a batch never holds all of its
        // entities at once (ingest memory stays bounded by the plan, docs/performance.md, "Memory").
        var groups = new List<PartitionWrite>();
        groups.AddRange(plan.Presence
            .GroupBy(r => TableKeys.MonthShardPartition(r.Tenant, r.Month, Shards.NameOf(r.Unit.Value)), StringComparer.Ordinal)
            .Select(g => new PartitionWrite(presence, TableTransactionActionType.UpsertMerge, () => [.. g.Select(PresenceEntity)])));
        groups.AddRange(plan.Facts
            .GroupBy(c => (Session: c.Family == FactFamily.Session, Partition: TableKeys.MonthShardPartition(c.Tenant, c.Day.ToYearMonth(), Shards.NameOf(c.Unit.Value))))
            .Select(g => new PartitionWrite(g.Key.Session ? sessions : facts, TableTransactionActionType.UpsertReplace, () => [.. g.SelectMany(FactChunkEntities.ToEntities)])));
        await WritePartitionsAsync(groups, counts, cancellationToken);

        // Only now, with the data stored, read the watermarks: see the class remarks for why the order matters.
        var tenants = plan.Touches.Select(t => t.Tenant).Distinct().ToArray();
        var closedThrough = await _watermarks.GetAsync(tenants, cancellationToken);
        counts.Add(0, tenants.Length);
        var late = plan.Touches.Where(t => closedThrough.TryGetValue(t.Tenant, out var through) && t.Day <= through).ToArray();
        if (late.Length > 0)
        {
            var touches = await TableAsync(_account.Names.Touches, cancellationToken);
            var touchWrites = late
                .Select(t => TouchEntity(t, plan.Batch, digest, receivedAt))
                .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
                .Select(g => new PartitionWrite(touches, TableTransactionActionType.UpsertReplace, () => [.. g]))
                .ToList();
            await WritePartitionsAsync(touchWrites, counts, cancellationToken);
        }

        // The zones of a batch of many tenants do not fit a property: they go in rows of their own, before the marker.
        var zones = ZonesText(plan.Zones);
        var zoneParts = zones.Length <= ZonesInline ? 0 : (zones.Length + ZonesInline - 1) / ZonesInline;
        if (zoneParts > 0)
        {
            var partition = BatchPartition(plan.Batch);
            var parts = new PartitionWrite(batches, TableTransactionActionType.UpsertReplace, () =>
            [
                .. Enumerable.Range(0, zoneParts).Select(i => new TableEntity(partition, ZonePartKey(plan.Batch, digest, i))
                {
                    ["Text"] = zones.Substring(i * ZonesInline, Math.Min(ZonesInline, zones.Length - (i * ZonesInline))),
                }),
            ]);
            await WritePartitionsAsync([parts], counts, cancellationToken);
        }

        // Last: the marker promises that everything above is stored.
        var written = new TableEntity(BatchPartition(plan.Batch), plan.Batch.Value)
        {
            ["Plan"] = digest,
            ["ReceivedAt"] = InstantText.Format(receivedAt),
            ["Accepted"] = plan.Accepted,
            ["LateTouches"] = late.Length,
            ["LateEvents"] = late.Sum(t => (long)t.Events),
            ["ZoneParts"] = zoneParts,
        };
        if (zoneParts == 0)
        {
            written["Zones"] = zones;
        }

        await batches.UpsertEntityAsync(written, TableUpdateMode.Replace, cancellationToken);
        counts.Add(1, 1);
        return new StorageWriteCounts(counts.Entities, counts.Requests) { LateEvents = late.Sum(t => (long)t.Events) };
    }

    /// <inheritdoc />
    /// <remarks>
    /// The 16 shard partitions are queried a few at a time and their records handed over through a bounded
    /// queue, so that decoding one shard's page overlaps with the service producing the next: a close of a large
    /// tenant-month waits on both. Records come in no particular order; memory stays bounded by the queue and the
    /// pages in flight.
    /// </remarks>
    public async IAsyncEnumerable<PresenceRecord> ReadPresenceAsync(
        TenantId tenant, YearMonth month, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(_account.Names.Presence, cancellationToken);
        var records = Channel.CreateBounded<PresenceRecord>(new BoundedChannelOptions(4096) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = Task.Run(
            async () =>
            {
                try
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentShardReads, CancellationToken = stop.Token };
                    await Parallel.ForEachAsync(Shards.All, options, async (shard, ct) =>
                    {
                        // A month holds few kinds and many units: each kind key is parsed once per shard.
                        var kinds = new Dictionary<string, ActivityKind>(StringComparer.Ordinal);
                        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.MonthShardPartition(tenant, month, shard)}");
                        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                        {
                            await records.Writer.WriteAsync(ToPresence(tenant, month, entity, kinds), ct);
                        }
                    });
                    records.Writer.Complete();
                }
                catch (Exception e)
                {
                    records.Writer.Complete(e);
                }
            },
            CancellationToken.None);

        try
        {
            while (await WaitToReadAsync(records.Reader, cancellationToken))
            {
                while (records.Reader.TryRead(out var record))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            // Also when the consumer stops early: the shard readers end before the enumeration does.
            await stop.CancelAsync();
            await readers;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Fact> ReadFactsAsync(TenantId tenant, YearMonth through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(_account.Names.Facts, cancellationToken);
        var lower = tenant.Value + TableKeys.Separator;
        var upper = TableKeys.MonthLowerBound(tenant, through.PlusMonths(1));
        await foreach (var fact in ReadChunksAsync(table, lower, upper, cancellationToken))
        {
            yield return fact;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Fact> ReadSessionsAsync(
        TenantId tenant, YearMonth from, YearMonth through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(_account.Names.Sessions, cancellationToken);
        var lower = TableKeys.MonthLowerBound(tenant, from);
        var upper = TableKeys.MonthLowerBound(tenant, through.PlusMonths(1));
        await foreach (var fact in ReadChunksAsync(table, lower, upper, cancellationToken))
        {
            yield return fact;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DayTouchTotal>> ReadTouchesAsync(TenantId tenant, LocalDate? from, LocalDate through, CancellationToken cancellationToken)
    {
        var table = await TableAsync(_account.Names.Touches, cancellationToken);
        var upper = TableKeys.TouchDayLowerBound(through.PlusDays(1));
        var filter = from is { } first
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Value} and RowKey ge {TableKeys.TouchDayLowerBound(first)} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Value} and RowKey lt {upper}");
        var totals = new SortedDictionary<(LocalDate Day, StoredData Data), (long Records, long Events)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Events", "Data"], cancellationToken: cancellationToken))
        {
            var day = TableKeys.ParseDay(entity.RowKey[..entity.RowKey.IndexOf(TableKeys.Separator, StringComparison.Ordinal)]);

            // A touch recorded before the kinds of data were kept may have written any of them.
            var data = entity.GetInt32("Data") is { } kinds ? (StoredData)kinds : StoredData.All;
            var (records, events) = totals.GetValueOrDefault((day, data));
            totals[(day, data)] = (records + 1, events + (entity.GetInt32("Events") ?? 0));
        }

        return [.. totals.Select(t => new DayTouchTotal(t.Key.Day, t.Key.Data, t.Value.Records, t.Value.Events))];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Per month of <paramref name="days"/>, one query per table over the month's 16 shard partitions, filtered on the
    /// days (presence: the <c>Dnn</c> flags; facts and sessions: <c>Day</c>), that stops at the first entity: a close
    /// asks only when a window measured 0, and a window with data answers after a page. Presence of a whole month needs
    /// no flag (a record has a day of its month); a part of a month asks for its flags at most
    /// <see cref="FlagsPerQuery"/> at a time, which with the two partition bounds is the service's limit of comparisons in
    /// one filter (<see cref="TableFilterLimit"/>).
    /// </remarks>
    public async Task<bool> HasDataAsync(TenantId tenant, DateInterval days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        for (var month = days.Start.ToYearMonth(); month <= days.End.ToYearMonth(); month = month.PlusMonths(1))
        {
            var first = days.Start.ToYearMonth() == month ? days.Start : month.OnDayOfMonth(1);
            var last = days.End.ToYearMonth() == month ? days.End : month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
            var partitions = TableClient.CreateQueryFilter($"PartitionKey ge {TableKeys.MonthLowerBound(tenant, month)} and PartitionKey lt {TableKeys.MonthLowerBound(tenant, month.PlusMonths(1))}");
            var chunkDays = TableClient.CreateQueryFilter($"Day ge {LocalDatePattern.Iso.Format(first)} and Day le {LocalDatePattern.Iso.Format(last)}");
            if (await AnyPresenceAsync(partitions, month, first, last, cancellationToken)
                || await AnyAsync(_account.Names.Facts, $"{partitions} and {chunkDays}", cancellationToken)
                || await AnyAsync(_account.Names.Sessions, $"{partitions} and {chunkDays}", cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AnyPresenceAsync(string partitions, YearMonth month, LocalDate first, LocalDate last, CancellationToken cancellationToken)
    {
        if (first.Day == 1 && last.Day == month.Calendar.GetDaysInMonth(month.Year, month.Month))
        {
            return await AnyAsync(_account.Names.Presence, partitions, cancellationToken);
        }

        foreach (var group in Enumerable.Range(first.Day, last.Day - first.Day + 1).Chunk(FlagsPerQuery))
        {
            var flags = string.Join(" or ", group.Select(d => $"{DayProperties[d]} eq true"));
            if (await AnyAsync(_account.Names.Presence, $"{partitions} and ({flags})", cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AnyAsync(string tableName, string filter, CancellationToken cancellationToken)
    {
        var table = await TableAsync(tableName, cancellationToken);
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }

    // The readers' failure (a storage error) surfaces as itself, not wrapped in the queue's closing exception.
    private static async Task<bool> WaitToReadAsync(ChannelReader<PresenceRecord> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<BatchMarker?> RecordedAsync(IngestPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var batches = await TableAsync(_account.Names.Batches, cancellationToken);
        return await RecordedAsync(batches, plan, PlanDigest.Of(plan), withZones: true, cancellationToken);
    }

    /// <summary>
    /// A plan's zones as the marker keeps them: <c>{tenant}={zone id}</c> per tenant, ordered by tenant, one per line.
    /// Tenant ids and IANA zone ids hold neither <c>=</c> nor a line break.
    /// </summary>
    private static string ZonesText(IEnumerable<KeyValuePair<TenantId, DateTimeZone>> zones) =>
        string.Join('\n', zones.Select(z => string.Concat(z.Key.Value, "=", z.Value.Id)));

    /// <summary>
    /// The zones of <see cref="ZonesText"/>. A line that is not a tenant and a zone this build knows stops the batch, as a
    /// claim naming an unknown zone does (TableEventClaimStore): planned in today's zone instead, its events could count
    /// on a second day. An unknown zone is one a newer build's time zone database wrote (docs/operations.md).
    /// </summary>
    private static ImmutableSortedDictionary<TenantId, DateTimeZone> ParseZones(BatchId batch, string? text)
    {
        var zones = ImmutableSortedDictionary.CreateBuilder<TenantId, DateTimeZone>();
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !TenantId.TryParse(line[..at], out var tenant))
            {
                throw new InvalidDataException($"The marker of batch {batch.Value} holds the zone line '{line}', which names no tenant.");
            }

            zones[tenant.Value] = DateTimeZoneProviders.Tzdb.GetZoneOrNull(line[(at + 1)..]) ?? throw new InvalidDataException(
                $"The marker of batch {batch.Value} names the zone '{line[(at + 1)..]}' for tenant {tenant.Value}, which this build's time zone database does not know: its events' days cannot be taken as they were counted.");
        }

        return zones.ToImmutable();
    }

    private static async Task<BatchMarker?> RecordedAsync(TableClient batches, IngestPlan plan, string digest, bool withZones, CancellationToken cancellationToken)
    {
        var marker = await batches.GetEntityIfExistsAsync<TableEntity>(BatchPartition(plan.Batch), plan.Batch.Value, ["Plan", "ReceivedAt", "LateEvents", "Zones", "ZoneParts"], cancellationToken);
        if (!marker.HasValue)
        {
            return null;
        }

        var entity = marker.Value!;
        if (string.Equals(entity.GetString("Plan"), digest, StringComparison.Ordinal))
        {
            // The plan recorded: its zones are not needed, and their rows are not read.
            return new BatchMarker(
                new StorageWriteCounts(0, 1)
                {
                    AlreadyRecorded = true,
                    RecordedAt = entity.GetString("ReceivedAt") is { } at && InstantText.Parse(at) is { Success: true } parsed ? parsed.Value : null,
                    LateEvents = entity.GetInt64("LateEvents") ?? 0,
                },
                ImmutableSortedDictionary<TenantId, DateTimeZone>.Empty);
        }

        var parts = entity.GetInt32("ZoneParts");
        if (!withZones)
        {
            return new BatchMarker(null, ImmutableSortedDictionary<TenantId, DateTimeZone>.Empty) { ZonesKept = parts is not null };
        }

        if (parts is null or 0)
        {
            // Every marker written since zones are kept has ZoneParts (0 when the zones are inline); one without it is
            // older (a property selected but absent may come back as null, so Zones alone cannot tell).
            return new BatchMarker(null, ParseZones(plan.Batch, entity.GetString("Zones"))) { ZonesKept = parts is not null };
        }

        // The rows of the marker's own plan: another recording of the batch writes rows of its own digest (and may have
        // written them without its marker, having failed or lost the race for it).
        var text = new System.Text.StringBuilder();
        var recordedPlan = entity.GetString("Plan") ?? string.Empty;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BatchPartition(plan.Batch)} and RowKey ge {ZonePartKey(plan.Batch, recordedPlan, 0)} and RowKey lt {ZonePartKey(plan.Batch, recordedPlan, parts.Value)}");
        await foreach (var part in batches.QueryAsync<TableEntity>(filter, select: ["Text"], cancellationToken: cancellationToken))
        {
            text.Append(part.GetString("Text"));
        }

        return new BatchMarker(null, ParseZones(plan.Batch, text.ToString()));
    }

    /// <summary>
    /// The row of part <paramref name="index"/> of the zones of a batch's plan (by its digest), beside the batch's marker:
    /// keys in the order of the parts.
    /// </summary>
    private static string ZonePartKey(BatchId batch, string digest, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{batch.Value}|zones|{digest}|{index:D5}");

    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken) =>
        await _account.TableAsync(name, cancellationToken);

    private async Task WritePartitionsAsync(IReadOnlyList<PartitionWrite> partitions, Counter counts, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrentPartitions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, options, async (partition, ct) =>
        {
            foreach (var group in EntityGroupTransactions.Split(partition.Entities()))
            {
                // A group of one is a transaction too: a single-entity write puts the keys in the URL path, which Table
                // Storage has been documented to decode twice, so that the '%' escapes of a key (a unit 'a/b' is
                // 'a%2Fb') would be read as escapes again. One request either way.
                await partition.Table.SubmitTransactionAsync(group.Select(e => new TableTransactionAction(partition.Mode, e)), ct);
                counts.Add(group.Count, 1);
            }
        });
    }

    private static async IAsyncEnumerable<Fact> ReadChunksAsync(
        TableClient table, string lowerPartition, string upperPartition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {lowerPartition} and PartitionKey lt {upperPartition}");
        await foreach (var fact in FactChunkEntities.ReadAsync(table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)))
        {
            yield return fact;
        }
    }

    private static TableEntity PresenceEntity(PresenceRecord record)
    {
        var entity = new TableEntity(
            TableKeys.MonthShardPartition(record.Tenant, record.Month, Shards.NameOf(record.Unit.Value)),
            TableKeys.PresenceRow(record.Kind, record.Unit.Value))
        {
            ["Kind"] = record.Kind.Key,
            ["Unit"] = record.Unit.Value,
        };
        foreach (var day in record.LocalDays())
        {
            entity[DayProperties[day.Day]] = true;
        }

        return entity;
    }

    private static PresenceRecord ToPresence(TenantId tenant, YearMonth month, TableEntity entity, Dictionary<string, ActivityKind> kinds)
    {
        uint days = 0;
        for (var d = 1; d <= 31; d++)
        {
            if (entity.GetBoolean(DayProperties[d]) == true)
            {
                days |= 1u << (d - 1);
            }
        }

        var kindKey = entity.GetString("Kind") ?? throw new InvalidDataException($"Presence entity '{entity.RowKey}' has no Kind.");
        var unit = entity.GetString("Unit") ?? throw new InvalidDataException($"Presence entity '{entity.RowKey}' has no Unit.");
        if (!kinds.TryGetValue(kindKey, out var kind))
        {
            kind = ActivityKind.Parse(kindKey);
            kinds.Add(kindKey, kind);
        }

        return new PresenceRecord(tenant, month, kind, new Subject(unit), days);
    }

    private static TableEntity TouchEntity(DayTouch touch, BatchId batch, string planDigest, Instant receivedAt) =>
        new(touch.Tenant.Value, TableKeys.TouchRow(touch.Day, batch.Value, planDigest))
        {
            ["Events"] = touch.Events,
            ["Data"] = (int)touch.Data,
            ["ReceivedAt"] = InstantText.Format(receivedAt),
        };

    // Batch ids are uniformly distributed hex: their first two digits spread markers over 256 partitions.
    private static string BatchPartition(BatchId batch) => batch.Value[..2];

    private sealed record PartitionWrite(TableClient Table, TableTransactionActionType Mode, Func<IReadOnlyList<TableEntity>> Entities);

    private sealed class Counter
    {
        private long _entities;
        private long _requests;

        public long Entities => Interlocked.Read(ref _entities);

        public long Requests => Interlocked.Read(ref _requests);

        public void Add(long entities, long requests)
        {
            Interlocked.Add(ref _entities, entities);
            Interlocked.Add(ref _requests, requests);
        }
    }
}
