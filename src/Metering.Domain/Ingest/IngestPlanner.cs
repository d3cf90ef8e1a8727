using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Turns a batch of raw events into the writes it implies: parse, validate, classify, coalesce. Pure: no I/O,
/// the moment of ingest is given.
/// </summary>
public static class IngestPlanner
{
    /// <summary>
    /// Plans one batch. Every event ends either accepted (its presence, facts and touches in the plan) or
    /// rejected with every reason; bad input never throws. Local days and months are those of the tenant's
    /// billing zone at the event's <c>time</c>. The plan depends on the multiset of bodies only: the same events
    /// in another order, or with some repeated, give an equal plan, except that <see cref="IngestPlan.Rejected"/>
    /// follows the input order and the counts include every copy.
    /// </summary>
    /// <param name="batch">The raw events, in arrival order.</param>
    /// <param name="tenants">The tenant registry snapshot (zones and allowed sources).</param>
    /// <param name="now">The moment of ingest: the future-time check compares with it.</param>
    public static IngestPlan Plan(IReadOnlyList<RawEvent> batch, TenantDirectory tenants, Instant now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(tenants);

        var parser = new CloudEventParser(tenants, now);
        var kinds = new ActivityKindTable();
        var presence = new PresenceAccumulator();
        var facts = new FactChunkAccumulator();
        var touches = new Dictionary<(TenantId Tenant, LocalDate Day), int>();
        var rejected = ImmutableArray.CreateBuilder<RejectedEvent>();
        var bodyHashes = new UInt128[batch.Count];
        var accepted = 0;
        Tenant? tenant = null;

        for (var i = 0; i < batch.Count; i++)
        {
            var raw = batch[i];
            bodyHashes[i] = BodyHash(raw);
            if (!parser.TryParse(raw, out var parsed, out var rejection))
            {
                rejected.Add(rejection);
                continue;
            }

            accepted++;
            if (tenant is null || !ReferenceEquals(tenant.Id.Value, parsed.Tenant.Value))
            {
                tenant = tenants.TryGet(parsed.Tenant.Value, out var found)
                    ? found
                    : throw new InvalidOperationException("The parser accepted an event of a tenant outside the directory.");
            }

            var day = parsed.Time.InZone(tenant.Zone).Date;
            ref var touched = ref CollectionsMarshal.GetValueRefOrAddDefault(touches, (tenant.Id, day), out _);
            touched++;

            if (parsed.Type.IsActivity)
            {
                presence.Add(tenant, day, kinds.Of(parsed), parsed.Subject);
            }

            if (parsed.Type.Family is { } family)
            {
                facts.Add(tenant, family, day, parsed, bodyHashes[i]);
            }
        }

        return new IngestPlan(
            BatchIdOf(bodyHashes),
            batch.Count,
            accepted,
            presence.ToRecords(),
            facts.ToChunks(),
            [.. touches.Select(t => new DayTouch(t.Key.Tenant, t.Key.Day, t.Value)).Order(DayTouchOrder.Instance)],
            rejected.ToImmutable());
    }

    /// <summary>
    /// The hash of one received body. A body the reader had to cut, or a broken array's remainder, hashes apart
    /// from the same bytes received whole.
    /// </summary>
    private static UInt128 BodyHash(RawEvent raw) =>
        XxHash128.HashToUInt128(raw.Body.Span, ((raw.OriginalLength ?? 0) * 2) + (raw.IsBatchRemainder ? 1 : 0));

    /// <summary>XxHash128 of the body hashes in ascending order: the multiset of bodies decides, not their order.</summary>
    private static BatchId BatchIdOf(UInt128[] bodyHashes)
    {
        Array.Sort(bodyHashes);
        var hash = new XxHash128();
        Span<byte> bytes = stackalloc byte[16];
        foreach (var bodyHash in bodyHashes)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, bodyHash);
            hash.Append(bytes);
        }

        return new BatchId(hash.GetCurrentHashAsUInt128().ToString("x32", CultureInfo.InvariantCulture));
    }

    private sealed class DayTouchOrder : IComparer<DayTouch>
    {
        public static readonly DayTouchOrder Instance = new();

        public int Compare(DayTouch? x, DayTouch? y)
        {
            var order = x!.Tenant.CompareTo(y!.Tenant);
            return order != 0 ? order : x.Day.CompareTo(y.Day);
        }
    }
}
