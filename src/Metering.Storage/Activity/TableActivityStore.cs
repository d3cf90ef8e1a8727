using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Metering.Domain.Activity;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Keys;
using Metering.Storage.Transactions;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Activity;

/// <summary>
/// Activity and state in Table Storage, laid out as docs/storage.md describes: presence merged per
/// (tenant, month, kind, unit), fact and session chunks, day touches.
/// </summary>
/// <remarks>
/// <para>A write sends presence merges and chunk upserts, partitions in parallel (bounded), each partition's
/// entities in entity group transactions of one partition, at most 100 operations and under 4 MiB. Touches are
/// written last, only once everything else succeeded.</para>
/// <para>Redelivery: before writing, the plan's touch rows are read (one query per tenant). If every one exists
/// with this plan's digest, the batch was recorded completely before (touches come last) and nothing is written,
/// so ingesting the same input again changes no entity. A partial earlier write (a fault mid-batch) lacks some
/// touch, and the whole plan is written again: every write is a merge or replace of the same content.</para>
/// </remarks>
public sealed class TableActivityStore : IActivityStore, IActivityReader
{
    private static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;

    private readonly StorageAccount _account;
    private readonly int _maxConcurrentPartitions;

    /// <summary>Creates the store over <paramref name="account"/>.</summary>
    /// <param name="account">The storage account and names.</param>
    /// <param name="maxConcurrentPartitions">How many partitions are written at the same time.</param>
    public TableActivityStore(StorageAccount account, int maxConcurrentPartitions = 8)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPartitions, 1);
        _account = account;
        _maxConcurrentPartitions = maxConcurrentPartitions;
    }

    /// <inheritdoc />
    public async Task<StorageWriteCounts> WriteAsync(IngestPlan plan, Instant receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Touches.IsEmpty && plan.Presence.IsEmpty && plan.Facts.IsEmpty)
        {
            return StorageWriteCounts.Zero;
        }

        var digest = PlanDigest.Of(plan);
        var touches = await TableAsync(_account.Names.Touches, cancellationToken);
        var (recorded, checkRequests) = await IsRecordedAsync(touches, plan, digest, cancellationToken);
        if (recorded)
        {
            return new StorageWriteCounts(0, checkRequests) { AlreadyRecorded = true };
        }

        var presence = await TableAsync(_account.Names.Presence, cancellationToken);
        var facts = await TableAsync(_account.Names.Facts, cancellationToken);
        var sessions = await TableAsync(_account.Names.Sessions, cancellationToken);

        var groups = new List<PartitionWrite>();
        groups.AddRange(plan.Presence
            .Select(PresenceEntity)
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .Select(g => new PartitionWrite(presence, TableTransactionActionType.UpsertMerge, [.. g])));
        groups.AddRange(plan.Facts
            .SelectMany(c => FactChunkEntities.ToEntities(c).Select(e => (Table: c.Family == FactFamily.Session ? sessions : facts, Entity: e)))
            .GroupBy(x => (x.Table.Name, x.Entity.PartitionKey))
            .Select(g => new PartitionWrite(g.First().Table, TableTransactionActionType.UpsertReplace, [.. g.Select(x => x.Entity)])));

        var counts = new Counter();
        counts.Add(0, checkRequests);
        await WritePartitionsAsync(groups, counts, cancellationToken);

        // Last: a touch row with this digest promises that everything above is stored.
        var touchWrites = plan.Touches
            .Select(t => TouchEntity(t, plan.Batch, receivedAt, digest))
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .Select(g => new PartitionWrite(touches, TableTransactionActionType.UpsertReplace, [.. g]))
            .ToList();
        await WritePartitionsAsync(touchWrites, counts, cancellationToken);
        return new StorageWriteCounts(counts.Entities, counts.Requests);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PresenceRecord> ReadPresenceAsync(
        TenantId tenant, YearMonth month, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(_account.Names.Presence, cancellationToken);
        foreach (var shard in Shards.All)
        {
            var partition = TableKeys.MonthShardPartition(tenant, month, shard);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                yield return ToPresence(tenant, month, entity);
            }
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
    public async Task<TouchSummary> ReadTouchesAsync(TenantId tenant, DateInterval days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        var table = await TableAsync(_account.Names.Touches, cancellationToken);
        var lower = TableKeys.TouchDayLowerBound(days.Start);
        var upper = TableKeys.TouchDayLowerBound(days.End.PlusDays(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Value} and RowKey ge {lower} and RowKey lt {upper}");
        long records = 0, events = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["Events"], cancellationToken: cancellationToken))
        {
            records++;
            events += entity.GetInt32("Events") ?? 0;
        }

        return new TouchSummary(records, events);
    }

    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken) =>
        await _account.TableAsync(name, cancellationToken);

    private static async Task<(bool Recorded, long Requests)> IsRecordedAsync(
        TableClient touches, IngestPlan plan, string digest, CancellationToken cancellationToken)
    {
        if (plan.Touches.IsEmpty)
        {
            return (false, 0);
        }

        long requests = 0;
        foreach (var tenantTouches in plan.Touches.GroupBy(t => t.Tenant))
        {
            var expected = tenantTouches.Select(t => TableKeys.TouchRow(t.Day, plan.Batch.Value)).ToHashSet(StringComparer.Ordinal);
            var lower = TableKeys.TouchDayLowerBound(tenantTouches.Min(t => t.Day));
            var upper = TableKeys.TouchDayLowerBound(tenantTouches.Max(t => t.Day).PlusDays(1));
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {tenantTouches.Key.Value} and RowKey ge {lower} and RowKey lt {upper} and Batch eq {plan.Batch.Value}");
            await foreach (var page in touches.QueryAsync<TableEntity>(filter, select: ["RowKey", "Plan"], cancellationToken: cancellationToken).AsPages())
            {
                requests++;
                foreach (var entity in page.Values)
                {
                    if (string.Equals(entity.GetString("Plan"), digest, StringComparison.Ordinal))
                    {
                        expected.Remove(entity.RowKey);
                    }
                }
            }

            if (expected.Count > 0)
            {
                return (false, requests);
            }
        }

        return (true, requests);
    }

    private async Task WritePartitionsAsync(IReadOnlyList<PartitionWrite> partitions, Counter counts, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrentPartitions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, options, async (partition, ct) =>
        {
            foreach (var group in EntityGroupTransactions.Split(partition.Entities))
            {
                if (group.Count == 1)
                {
                    var mode = partition.Mode == TableTransactionActionType.UpsertMerge ? TableUpdateMode.Merge : TableUpdateMode.Replace;
                    await partition.Table.UpsertEntityAsync(group[0], mode, ct);
                }
                else
                {
                    await partition.Table.SubmitTransactionAsync(group.Select(e => new TableTransactionAction(partition.Mode, e)), ct);
                }

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
            TableKeys.MonthShardPartition(record.Tenant, record.Month, Shards.NameOf(record.Unit)),
            TableKeys.PresenceRow(record.Kind, record.Unit))
        {
            ["Kind"] = record.Kind.Key,
            ["Unit"] = record.Unit,
        };
        foreach (var day in record.LocalDays())
        {
            entity[TableKeys.DayProperty(day.Day)] = true;
        }

        return entity;
    }

    private static PresenceRecord ToPresence(TenantId tenant, YearMonth month, TableEntity entity)
    {
        uint days = 0;
        for (var d = 1; d <= 31; d++)
        {
            if (entity.GetBoolean(TableKeys.DayProperty(d)) == true)
            {
                days |= 1u << (d - 1);
            }
        }

        var kind = entity.GetString("Kind") ?? throw new InvalidDataException($"Presence entity '{entity.RowKey}' has no Kind.");
        var unit = entity.GetString("Unit") ?? throw new InvalidDataException($"Presence entity '{entity.RowKey}' has no Unit.");
        return new PresenceRecord(tenant, month, ActivityKind.Parse(kind), unit, days);
    }

    private static TableEntity TouchEntity(DayTouch touch, BatchId batch, Instant receivedAt, string digest) =>
        new(touch.Tenant.Value, TableKeys.TouchRow(touch.Day, batch.Value))
        {
            ["Events"] = touch.Events,
            ["ReceivedAt"] = InstantText.Format(receivedAt),
            ["Batch"] = batch.Value,
            ["Plan"] = digest,
        };

    private sealed record PartitionWrite(TableClient Table, TableTransactionActionType Mode, IReadOnlyList<TableEntity> Entities);

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
