using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using Metering.Domain.Events;
using Metering.Domain.Facts;
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
    /// <param name="now">The moment of ingest: the future-time and too-old checks compare with it.</param>
    /// <param name="maximumAge">The oldest-event horizon (<see cref="CloudEventParser.DefaultMaximumAge"/> when null).</param>
    public static IngestPlan Plan(IReadOnlyList<RawEvent> batch, TenantDirectory tenants, Instant now, Duration? maximumAge = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(tenants);

        var scratch = PlannerScratch.Rent(batch.Count);
        try
        {
            return Plan(batch, tenants, now, maximumAge ?? CloudEventParser.DefaultMaximumAge, scratch);
        }
        finally
        {
            scratch.Return();
        }
    }

    private static IngestPlan Plan(IReadOnlyList<RawEvent> batch, TenantDirectory tenants, Instant now, Duration maximumAge, PlannerScratch scratch)
    {
        var parser = new CloudEventParser(tenants, now, maximumAge, scratch.Subjects);
        var kinds = new ActivityKindTable();
        var presence = scratch.Presence;
        var facts = scratch.Facts;
        var touches = scratch.Touches;
        var days = new LocalDayCache();
        var rejected = ImmutableArray.CreateBuilder<RejectedEvent>();
        var bodyHashes = scratch.Hashes(batch.Count);
        var accepted = 0;

        for (var i = 0; i < batch.Count; i++)
        {
            var raw = batch[i];
            bodyHashes[i] = BodyHash(raw);
            if (!parser.TryRead(raw, out var read, out var rejection))
            {
                rejected.Add(rejection);
                continue;
            }

            accepted++;
            var tenant = read.Tenant;
            var type = read.Type;
            var day = days.DayOf(tenant, read.Time);
            touches.Add(tenant, day, DataOf(type));

            if (type.IsActivity)
            {
                presence.Add(tenant, day, kinds.Of(type, read.Data), read.SubjectId, parser.Subjects);
            }

            if (type.Family is { } family)
            {
                var fact = new Fact(tenant.Id, family, read.Subject, read.Time, type.Name, read.KeyOf(raw.Body.Span), read.Data);
                facts.Add(tenant, day, read.SubjectId, fact, bodyHashes[i]);
            }
        }

        var subjectRanks = parser.Subjects.OrdinalRanks();
        return new IngestPlan(
            BatchIdOf(batch, bodyHashes.AsSpan(0, batch.Count)),
            batch.Count,
            accepted,
            presence.ToRecords(subjectRanks),
            facts.ToChunks(subjectRanks),
            touches.ToTouches(),
            rejected.ToImmutable());
    }

    private static StoredData DataOf(EventType type) =>
        (type.IsActivity ? StoredData.Presence : StoredData.None)
        | type.Family switch
        {
            null => StoredData.None,
            FactFamily.Session => StoredData.Sessions,
            _ => StoredData.Facts,
        };

    /// <summary>
    /// The hash of one received body. A body the reader had to cut, or a broken array's remainder, hashes apart
    /// from the same bytes received whole.
    /// </summary>
    private static UInt128 BodyHash(RawEvent raw) =>
        XxHash128.HashToUInt128(raw.Body.Span, ((raw.OriginalLength ?? 0) * 2) + (raw.IsBatchRemainder ? 1 : 0));

    /// <summary>
    /// What a body adds to its batch's id: its hash, mixed with its sender's when a sender delivered it. The same bytes
    /// from another sender (or from none) may get another verdict, so their batch must not pass for one already
    /// recorded; bodies with no sender keep the ids they always had.
    /// </summary>
    private static UInt128 BatchShare(UInt128 bodyHash, string? sender) =>
        sender is null ? bodyHash : bodyHash ^ XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(sender), -1);

    /// <summary>
    /// XxHash128 of the count and the sum (modulo 2^128) of the body hashes: addition does not depend on order and
    /// counts every copy, so the multiset of bodies decides, without sorting.
    /// </summary>
    private static BatchId BatchIdOf(IReadOnlyList<RawEvent> batch, ReadOnlySpan<UInt128> bodyHashes)
    {
        UInt128 sum = 0;
        for (var i = 0; i < bodyHashes.Length; i++)
        {
            sum = unchecked(sum + BatchShare(bodyHashes[i], batch[i].Sender));
        }

        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, bodyHashes.Length);
        BinaryPrimitives.WriteUInt128BigEndian(bytes[8..], sum);
        return new BatchId(XxHash128.HashToUInt128(bytes).ToString("x32", CultureInfo.InvariantCulture));
    }
}
