using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
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
    /// billing zone at the event's <c>time</c>, except for a copy whose earlier claim names another zone (see
    /// <paramref name="earlier"/>). The plan depends on the multiset of bodies only: the same events
    /// in another order, or with some repeated, give an equal plan, except that <see cref="IngestPlan.Rejected"/>
    /// follows the input order and the counts include every copy.
    /// </summary>
    /// <param name="batch">The raw events, in arrival order.</param>
    /// <param name="tenants">The tenant registry snapshot (zones and allowed sources).</param>
    /// <param name="now">The moment of ingest: the future-time and too-old checks compare with it.</param>
    /// <param name="maximumAge">The oldest-event horizon (<see cref="CloudEventParser.DefaultMaximumAge"/> when null).</param>
    /// <param name="earlier">
    /// What earlier batches claimed for identities of this batch (<see cref="Ports.IEventClaimStore"/>): a copy whose
    /// content differs from its identity's earlier claim is rejected as <see cref="RejectionReason.ConflictingDuplicate"/>,
    /// and a copy accepted takes its local day in the claim's <see cref="EarlierReceipt.Zone"/> when it has one.
    /// </param>
    /// <remarks>
    /// Reused ids: two accepted copies of one identity (tenant, <c>source</c>, <c>id</c>) with different content
    /// (<see cref="EventContent"/>) are one event, not two. The copy an earlier batch claimed counts; within the batch,
    /// which has no order (its id ignores it), the copy with the lowest content digest counts. Every other copy is
    /// rejected as <see cref="RejectionReason.ConflictingDuplicate"/>; exact copies are one event, as always. The
    /// batch is planned a second time only when it holds a conflict.
    /// </remarks>
    public static IngestPlan Plan(
        IReadOnlyList<RawEvent> batch,
        TenantDirectory tenants,
        Instant now,
        Duration? maximumAge = null,
        IReadOnlyDictionary<EventIdentity, EarlierReceipt>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(tenants);
        return Plan(batch, tenants, now, maximumAge, earlier, output: true, out _)!;
    }

    /// <summary>
    /// For the CPU benchmark only, a floor rather than a plan: everything <see cref="Plan(IReadOnlyList{RawEvent}, TenantDirectory, Instant, Duration?, IReadOnlyDictionary{EventIdentity, EarlierReceipt}?)"/>
    /// does (parsing, hashing, the claims settled, a second pass when ids are reused) except making its output (the
    /// presence records, the fact chunks and the subjects' ranks they are ordered by). Returns how many events were
    /// accepted.
    /// </summary>
    internal static int PlanWithoutOutput(IReadOnlyList<RawEvent> batch, TenantDirectory tenants, Instant now)
    {
        Plan(batch, tenants, now, maximumAge: null, earlier: null, output: false, out var accepted);
        return accepted;
    }

    private static IngestPlan? Plan(
        IReadOnlyList<RawEvent> batch,
        TenantDirectory tenants,
        Instant now,
        Duration? maximumAge,
        IReadOnlyDictionary<EventIdentity, EarlierReceipt>? earlier,
        bool output,
        out int accepted)
    {
        var scratch = PlannerScratch.Rent();
        try
        {
            var age = maximumAge ?? CloudEventParser.DefaultMaximumAge;
            if (Pass(batch, tenants, now, age, scratch, earlier, winners: null, out var pass))
            {
                accepted = pass.Accepted;
                return output ? Output(batch.Count, pass, scratch) : null;
            }

            var winners = new Dictionary<EventIdentity, ContentDigest>();
            foreach (var claim in pass.Claims)
            {
                winners[claim.Identity] = claim.Content;
            }

            foreach (var (identity, receipt) in earlier ?? ImmutableDictionary<EventIdentity, EarlierReceipt>.Empty)
            {
                if (winners.ContainsKey(identity))
                {
                    winners[identity] = receipt.Content;
                }
            }

            scratch.ClearPass();
            if (!Pass(batch, tenants, now, age, scratch, earlier, winners, out pass))
            {
                throw new InvalidOperationException("The second planning of a batch found a conflict its winners should have settled.");
            }

            accepted = pass.Accepted;
            return output ? Output(batch.Count, pass, scratch) : null;
        }
        finally
        {
            scratch.Return();
        }
    }

    /// <summary>
    /// One pass over the batch, its events read into <paramref name="scratch"/>'s tables. Without
    /// <paramref name="winners"/>, false when a reused id was found (the caller plans again with the winning content of
    /// every identity); with them, every other copy is rejected. <see cref="PassResult.Claims"/> has one claim per
    /// identity the pass accepted, with its lowest content: where the winners start from.
    /// </summary>
    private static bool Pass(
        IReadOnlyList<RawEvent> batch,
        TenantDirectory tenants,
        Instant now,
        Duration maximumAge,
        PlannerScratch scratch,
        IReadOnlyDictionary<EventIdentity, EarlierReceipt>? earlier,
        Dictionary<EventIdentity, ContentDigest>? winners,
        out PassResult pass)
    {
        var parser = new CloudEventParser(tenants, now, maximumAge, scratch.Subjects);
        var kinds = new ActivityKindTable();
        var presence = scratch.Presence;
        var facts = scratch.Facts;
        var touches = scratch.Touches;
        var days = new LocalDayCache();
        var rejected = ImmutableArray.CreateBuilder<RejectedEvent>();
        var bodyHashes = scratch.Hashes(batch.Count);
        var claims = scratch.Claims;
        var accepted = 0;
        var conflicted = false;
        UInt128 batchSum = 0;
        string? sender = null;
        UInt128 senderHash = 0;

        for (var i = 0; i < batch.Count; i++)
        {
            var raw = batch[i];
            bodyHashes[i] = BodyHash(raw);
            if (raw.Sender is { } from && !ReferenceEquals(from, sender))
            {
                // A trigger's batch names one sender for every event: hashed once, not once per event.
                (sender, senderHash) = (from, SenderHash(from));
            }

            batchSum = unchecked(batchSum + (raw.Sender is null ? bodyHashes[i] : bodyHashes[i] ^ senderHash));
            if (!parser.TryRead(raw, out var read, out var rejection))
            {
                rejected.Add(rejection);
                continue;
            }

            var identity = new EventIdentity(read.Tenant.Id, read.IdentityHashOf(raw.Body.Span));
            var content = scratch.Content.Of(read);
            var receipt = earlier?.GetValueOrDefault(identity);
            if (winners is null)
            {
                conflicted |= receipt is not null && receipt.Content != content;
            }
            else if (winners.TryGetValue(identity, out var winner) && winner != content)
            {
                rejected.Add(Conflict(raw, read, content, receipt, winner));
                continue;
            }

            claims.Add(identity, content);

            accepted++;
            var tenant = read.Tenant;
            var type = read.Type;

            // A copy of an event counted before in another zone of its tenant (a resend after the zone changed) keeps the
            // local day it counted on then, so that it does not count on a second day (or in a second month). The plan
            // was still made in the tenant's zone (IngestPlan.Zones): the batch's other events take their days in it.
            var day = days.DayOf(tenant, read.Time);
            if (receipt?.Zone is { } zone && zone.Id != tenant.Zone.Id)
            {
                day = read.Time.InZone(zone).Date;
            }
            touches.Add(tenant, day, DataOf(type));

            if (type.IsActivity)
            {
                presence.Add(tenant, day, kinds.NumberOf(type, read.Data), read.SubjectId);
            }

            if (type.Family is { } family)
            {
                facts.Add(day, family, read, raw.Body.Span, bodyHashes[i]);
            }
        }

        // A copy with other content than its identity's other copies in the batch makes the batch be planned again
        // (its winners found from these copies); with winners, every copy left has its identity's one content.
        var claimList = claims.Settle(out var conflictedWithin);
        pass = new PassResult(parser.Subjects, kinds, rejected, claimList, accepted, batchSum, days);
        return !(conflicted || conflictedWithin);
    }

    /// <summary>The plan of a pass without a conflict: its tables' presence, chunks and touches, ordered.</summary>
    private static IngestPlan Output(int received, PassResult pass, PlannerScratch scratch)
    {
        var subjectRanks = pass.Subjects.OrdinalRanks();
        return new IngestPlan(
            BatchIdOf(received, pass.BatchSum),
            received,
            pass.Accepted,
            scratch.Presence.ToRecords(pass.Kinds, pass.Subjects, subjectRanks),
            scratch.Facts.ToChunks(pass.Subjects, subjectRanks),
            scratch.Touches.ToTouches(),
            pass.Rejected.ToImmutable())
        {
            Claims = ImmutableCollectionsMarshal.AsImmutableArray(pass.Claims),
            Zones = pass.Days.Zones(),
        };
    }

    /// <summary>What one pass read besides its scratch tables.</summary>
    private sealed record PassResult(
        SubjectTable Subjects,
        ActivityKindTable Kinds,
        ImmutableArray<RejectedEvent>.Builder Rejected,
        EventClaim[] Claims,
        int Accepted,
        UInt128 BatchSum,
        LocalDayCache Days);

    private static RejectedEvent Conflict(RawEvent raw, ReadEvent read, ContentDigest content, EarlierReceipt? earlier, ContentDigest winner)
    {
        var copy = read.ToEvent(raw.Body.Span);
        var message = earlier is not null && earlier.Content == winner
            ? FormattableString.Invariant($"source '{copy.Source}' and id '{copy.Id}' were first received with other content at {earlier.ReceivedAt} (batch {earlier.Batch}, content {earlier.Content}; this copy's is {content}): a reused id is not a new event, so this copy is not counted.")
            : FormattableString.Invariant($"source '{copy.Source}' and id '{copy.Id}' appear in this batch with different content: a reused id is not a new event, so only the copy with the lowest content digest ({winner}) is counted, not this one ({content}).");
        return new RejectedEvent(raw, [new ValidationError(RejectionReason.ConflictingDuplicate, "id", message)]);
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
    /// What a sender mixes into the share of each body it delivered in its batch's id: the body's hash XOR this. The same
    /// bytes from another sender (or from none) may get another verdict, so their batch must not pass for one already
    /// recorded; bodies with no sender add their hash alone and keep the ids they always had.
    /// </summary>
    private static UInt128 SenderHash(string sender) => XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(sender), -1);

    /// <summary>
    /// XxHash128 of the count and the sum (modulo 2^128) of the bodies' shares (each body's hash, XOR
    /// <see cref="SenderHash"/> when a sender delivered it): addition does not depend on order and counts every copy,
    /// so the multiset of bodies decides, without sorting.
    /// </summary>
    private static BatchId BatchIdOf(int count, UInt128 sum)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, count);
        BinaryPrimitives.WriteUInt128BigEndian(bytes[8..], sum);
        return new BatchId(XxHash128.HashToUInt128(bytes).ToString("x32", CultureInfo.InvariantCulture));
    }
}
