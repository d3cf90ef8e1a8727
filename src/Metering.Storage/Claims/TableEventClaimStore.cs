using System.Collections.Concurrent;
using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Claims;

/// <summary>
/// Event claims in the <c>eventclaims</c> table (docs/storage.md): one entity per event identity, partition
/// <c>{tenant}|{first hex digit of the identity key}</c>, row key the 32 hex digits of the key, with the content digest, the
/// claiming batch, when it was received and the tenant's zone it was planned in (<c>Zone</c>; absent from claims made
/// before it was kept).
/// </summary>
/// <remarks>
/// <para>A batch inserts its claims first, in entity group transactions of one partition (at most 100): a batch of
/// new events costs one request per partition and hundred claims, and nothing is read. An insert fails when the
/// identity is claimed already; only then is the identity the service names read, twice at most, and then every
/// identity of the transaction (14 to a query, under the service's limit of 15 comparisons in one filter); the stored
/// claims are compared and the rest inserted again. An insert is what
/// makes claiming race-free: of two batches inserting one identity, one succeeds and the other reads its claim.</para>
/// <para>A claim that stands with this content, made in another zone of its tenant than this batch's, is reported
/// (<see cref="EventClaimResult.OtherZones"/>) from the same reads: a claim is only ever read after a failed insert.</para>
/// <para>A claim received longer than the horizon before the batch no longer stands: it is replaced (conditionally on
/// its ETag, so that two batches replacing it race like two inserting it).</para>
/// </remarks>
public sealed class TableEventClaimStore : IEventClaimStore
{
    /// <summary>Identities read by one query: with the partition comparison, 15 comparisons, the service's limit.</summary>
    public const int IdentitiesPerQuery = 14;

    private const int MaxAttempts = 8;

    // Failed inserts answered by reading only the identity the service names, before the whole chunk is read.
    private const int PointReads = 2;
    private static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;

    /// <summary>What is read of an earlier claim.</summary>
    private static readonly string[] Selected = ["RowKey", "Content", "Batch", "ReceivedAt", "Zone"];

    private readonly StorageAccount _account;
    private readonly Duration _horizon;
    private readonly int _maxConcurrentPartitions;

    /// <summary>Creates the store.</summary>
    /// <param name="account">The storage account and names.</param>
    /// <param name="horizon">How long a claim stands after its batch was received.</param>
    /// <param name="maxConcurrentPartitions">How many partitions are claimed at the same time.</param>
    public TableEventClaimStore(StorageAccount account, Duration horizon, int maxConcurrentPartitions = 8)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, Duration.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPartitions, 1);
        _account = account;
        _horizon = horizon;
        _maxConcurrentPartitions = maxConcurrentPartitions;
    }

    /// <summary>The partition of an identity's claim.</summary>
    public static string PartitionOf(EventIdentity identity) => string.Concat(identity.Tenant.Value, "|", identity.KeyText.AsSpan(0, 1));

    /// <inheritdoc />
    public async Task<EventClaimResult> ClaimAsync(
        BatchId batch,
        Instant receivedAt,
        ImmutableArray<EventClaim> claims,
        IReadOnlyDictionary<TenantId, DateTimeZone> zones,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (claims.IsDefaultOrEmpty)
        {
            return EventClaimResult.None;
        }

        var table = await _account.TableAsync(_account.Names.EventClaims, cancellationToken);
        var conflicts = new ConcurrentDictionary<EventIdentity, EarlierReceipt>();
        var otherZones = new ConcurrentDictionary<EventIdentity, EarlierReceipt>();
        long entities = 0;
        long requests = 0;
        var chunks = claims
            .GroupBy(c => PartitionOf(c.Identity), StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100).Select(chunk => (Partition: g.Key, Claims: chunk)));
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrentPartitions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(chunks, options, async (chunk, ct) =>
        {
            var (written, made) = await ClaimChunkAsync(table, chunk.Partition, chunk.Claims, batch, receivedAt, zones, conflicts, otherZones, ct);
            Interlocked.Add(ref entities, written);
            Interlocked.Add(ref requests, made);
        });
        return new EventClaimResult(conflicts.ToImmutableDictionary(), new StorageWriteCounts(entities, requests))
        {
            OtherZones = otherZones.ToImmutableDictionary(),
        };
    }

    private async Task<(long Entities, long Requests)> ClaimChunkAsync(
        TableClient table,
        string partition,
        EventClaim[] claims,
        BatchId batch,
        Instant receivedAt,
        IReadOnlyDictionary<TenantId, DateTimeZone> zones,
        ConcurrentDictionary<EventIdentity, EarlierReceipt> conflicts,
        ConcurrentDictionary<EventIdentity, EarlierReceipt> otherZones,
        CancellationToken cancellationToken)
    {
        long requests = 0;
        IReadOnlyDictionary<string, TableEntity> stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var actions = new List<TableTransactionAction>(claims.Length);
            var found = new Dictionary<EventIdentity, EarlierReceipt>();
            var moved = new Dictionary<EventIdentity, EarlierReceipt>();
            foreach (var claim in claims)
            {
                var row = claim.Identity.KeyText;
                var zone = zones.GetValueOrDefault(claim.Identity.Tenant);
                var entity = ToEntity(partition, row, claim.Content, batch, receivedAt, zone);
                if (!stored.TryGetValue(row, out var existing))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
                    continue;
                }

                // The same content, or this very batch's own claim (a retry after an upgrade that digests content anew).
                var earlier = ToReceipt(existing);
                if (earlier.Content == claim.Content || earlier.Batch == batch)
                {
                    // Counted before in another zone of the tenant: its copies here are to keep that zone's days. The
                    // receipt names this claim's content, since this batch's own claim is its own whatever its digest:
                    // planned again with another content, its one copy would be rejected as a reuse of itself.
                    if (earlier.Zone is { } then && zone is not null && then.Id != zone.Id)
                    {
                        moved[claim.Identity] = earlier with { Content = claim.Content };
                    }

                    continue;
                }

                if (receivedAt - earlier.ReceivedAt > _horizon)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.ETag));
                    continue;
                }

                found[claim.Identity] = earlier;
            }

            try
            {
                if (actions.Count == 1)
                {
                    var only = actions[0];
                    await (only.ActionType == TableTransactionActionType.Add
                        ? table.AddEntityAsync(only.Entity, cancellationToken)
                        : table.UpdateEntityAsync(only.Entity, only.ETag, TableUpdateMode.Replace, cancellationToken));
                }
                else if (actions.Count > 1)
                {
                    await table.SubmitTransactionAsync(actions, cancellationToken);
                }
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Claimed (or replaced) by another batch since it was read, or never read. A stream's redeliveries are
                // few and scattered: the first two times, only the identity the transaction names is read (a point
                // read); after that, every identity of the chunk.
                requests++;
                if (attempt <= PointReads && e is TableTransactionFailedException { FailedTransactionActionIndex: { } index } && index < actions.Count)
                {
                    var failed = actions[index].Entity;
                    var one = await table.GetEntityIfExistsAsync<TableEntity>(failed.PartitionKey, failed.RowKey, Selected, cancellationToken);
                    requests++;
                    var known = new Dictionary<string, TableEntity>(stored, StringComparer.Ordinal);
                    if (one.HasValue)
                    {
                        known[failed.RowKey] = one.Value!;
                    }

                    stored = known;
                    continue;
                }

                stored = await ReadAsync(table, partition, claims, cancellationToken);
                requests += (claims.Length + IdentitiesPerQuery - 1) / IdentitiesPerQuery;
                continue;
            }

            foreach (var (identity, earlier) in found)
            {
                conflicts[identity] = earlier;
            }

            foreach (var (identity, earlier) in moved)
            {
                otherZones[identity] = earlier;
            }

            return (actions.Count, requests + (actions.Count > 0 ? 1 : 0));
        }
    }

    private static async Task<IReadOnlyDictionary<string, TableEntity>> ReadAsync(TableClient table, string partition, EventClaim[] claims, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var group in claims.Chunk(IdentitiesPerQuery))
        {
            var rows = string.Join(" or ", group.Select(c => TableClient.CreateQueryFilter($"RowKey eq {c.Identity.KeyText}")));
            var filter = string.Concat(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), " and (", rows, ")");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: Selected, cancellationToken: cancellationToken))
            {
                stored[entity.RowKey] = entity;
            }
        }

        return stored;
    }

    private static TableEntity ToEntity(string partition, string row, ContentDigest content, BatchId batch, Instant receivedAt, DateTimeZone? zone)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Content"] = content.ToString(),
            ["Batch"] = batch.Value,
            ["ReceivedAt"] = InstantText.Format(receivedAt),
        };
        if (zone is not null)
        {
            entity["Zone"] = zone.Id;
        }

        return entity;
    }

    private static EarlierReceipt ToReceipt(TableEntity entity) =>
        new(
            ContentDigest.Parse(entity.GetString("Content") ?? throw Malformed(entity, "Content")),
            new BatchId(entity.GetString("Batch") ?? throw Malformed(entity, "Batch")),
            InstantText.Parse(entity.GetString("ReceivedAt") ?? throw Malformed(entity, "ReceivedAt")).GetValueOrThrow(),
            entity.GetString("Zone") is { } zone
                ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? throw new InvalidDataException(
                    $"The event claim {entity.PartitionKey}/{entity.RowKey} names the zone '{zone}', which this build's time zone database does not know: its event's day cannot be taken as it was counted.")
                : null);

    private static InvalidDataException Malformed(TableEntity entity, string property) =>
        new($"The event claim {entity.PartitionKey}/{entity.RowKey} has no {property}.");
}
