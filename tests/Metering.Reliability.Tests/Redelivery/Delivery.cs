using System.Globalization;
using CsCheck;
using Metering.Domain.Events;

namespace Metering.Reliability.Tests.Redelivery;

/// <summary>
/// How Event Hubs might hand the standard world to ingest, at least once and in any order:
/// <list type="bullet">
/// <item>before the first close, the on-time events in any order, cut into batches of any size, and some of those
/// batches delivered again anywhere in the stream (a rebalance);</item>
/// <item>after it, the late batches in any order, mixed with redeliveries of late and on-time batches;</item>
/// <item>after the second close, more redeliveries of any batch;</item>
/// <item>and replays of the whole raw archive at any of those points.</item>
/// </list>
/// Events within every batch are shuffled too. Late batches keep their identity: a late event re-sent in another batch
/// is a second late event for the invoice's late count, which is not a redelivery.
/// </summary>
internal sealed record Delivery(
    int CutSize,
    int[] OnTimeOrder,
    int[] OnTimeCopies,
    int[] LateCopies,
    int[] EndCopies,
    int Replays,
    int Seed)
{
    public const int ReplayAfterIngest = 1;
    public const int ReplayAfterFirstClose = 2;
    public const int ReplayAtEnd = 4;

    public static Gen<Delivery> For(int onTimeEvents) =>
        Gen.Select(
            Gen.Int[25, 600],
            Gen.Shuffle(Enumerable.Range(0, onTimeEvents).ToArray()),
            Gen.Int[0, int.MaxValue].Array[0, 6],
            Gen.Int[0, int.MaxValue].Array[0, 6],
            Gen.Int[0, int.MaxValue].Array[0, 4],
            Gen.Int[0, 7],
            Gen.Int)
        .Select((cut, order, onTime, late, end, replays, seed) => new Delivery(cut, order, onTime, late, end, replays, seed));

    /// <summary>The on-time events in this delivery's order, cut into batches of its size.</summary>
    public IReadOnlyList<RawEvent[]> Cut(IReadOnlyList<RawEvent[]> batches)
    {
        var events = batches.SelectMany(b => b).ToArray();
        return [.. OnTimeOrder.Select(i => events[i]).Chunk(CutSize).Select(Renumbered)];
    }

    /// <summary>Stage one: the cut batches with this delivery's redeliveries, shuffled into one stream.</summary>
    public IReadOnlyList<RawEvent[]> OnTime(IReadOnlyList<RawEvent[]> cut) =>
        Shuffled([.. cut, .. OnTimeCopies.Select(c => cut[c % cut.Count])], new Random(Seed));

    /// <summary>Stage two: the late batches and redeliveries of any batch delivered so far.</summary>
    public IReadOnlyList<RawEvent[]> Late(IReadOnlyList<RawEvent[]> late, IReadOnlyList<RawEvent[]> onTime)
    {
        var random = new Random(Seed + 1);
        IReadOnlyList<RawEvent[]> any = [.. late, .. onTime];
        return Shuffled([.. late, .. LateCopies.Select(c => any[c % any.Count])], random);
    }

    /// <summary>Stage three: redeliveries of any batch after the last close.</summary>
    public IReadOnlyList<RawEvent[]> End(IReadOnlyList<RawEvent[]> late, IReadOnlyList<RawEvent[]> onTime)
    {
        IReadOnlyList<RawEvent[]> any = [.. late, .. onTime];
        return Shuffled([.. EndCopies.Select(c => any[c % any.Count])], new Random(Seed + 2));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cut {CutSize}, {OnTimeCopies.Length}+{LateCopies.Length}+{EndCopies.Length} redeliveries, replays {Replays}, seed {Seed}");

    // Each delivery of a batch comes with its events in another order: the batch is the same multiset of bodies.
    private static RawEvent[][] Shuffled(RawEvent[][] batches, Random random)
    {
        random.Shuffle(batches);
        return [.. batches.Select(b =>
        {
            var copy = b.ToArray();
            random.Shuffle(copy);
            return copy;
        })];
    }

    private static RawEvent[] Renumbered(RawEvent[] batch) => [.. batch.Select((e, i) => e with { Position = i + 1 })];
}
