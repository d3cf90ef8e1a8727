namespace Metering.Domain.Ingest;

/// <summary>
/// The identity and content of every accepted copy of one batch, settled into one claim per identity once the batch
/// is read. Copies are appended as they come and grouped afterwards by a radix sort of their keys' low 32 bits, so
/// that a batch of 50,000 copies costs a few sequential passes over small arrays instead of one random access each
/// into a hash table larger than the processor's caches (sampled by perf over the planner benchmark, the dictionary
/// this replaces took about 5 % of the planner's time, this table 2.6 %). Not thread-safe; one per
/// <see cref="PlannerScratch"/>.
/// </summary>
internal sealed class ClaimTable
{
    private EventClaim[] _copies = new EventClaim[1024];
    private ulong[] _order = [];
    private ulong[] _spare = [];
    private bool[] _dropped = [];
    private int _count;

    /// <summary>How many copies were added since the last <see cref="Clear"/>.</summary>
    public int Count => _count;

    /// <summary>Records that a copy of <paramref name="identity"/> saying <paramref name="content"/> was accepted.</summary>
    public void Add(EventIdentity identity, ContentDigest content)
    {
        if (_count == _copies.Length)
        {
            Array.Resize(ref _copies, _count * 2);
        }

        _copies[_count++] = new EventClaim(identity, content);
    }

    /// <summary>Forgets the copies, keeping the room for the next batch.</summary>
    public void Clear()
    {
        Array.Clear(_copies, 0, _count);
        _count = 0;
    }

    /// <summary>
    /// One claim per identity added, in the order its counted copy was added, each with the lowest content digest
    /// among its copies (the copy a batch counts, as <see cref="IngestPlanner"/> says); <paramref name="conflicted"/>
    /// tells whether some identity came with two different contents.
    /// </summary>
    public EventClaim[] Settle(out bool conflicted)
    {
        conflicted = false;
        var order = Sort();

        // The sorted words alone find the runs; the copies are then read once, in the order they were added, so that
        // nothing reads the large array of copies in key order.
        if (_dropped.Length < _count)
        {
            _dropped = new bool[_copies.Length];
        }

        var dropped = _dropped.AsSpan(0, _count);
        dropped.Clear();
        var kept = _count;
        var run = new List<int>();
        for (var start = 0; start < order.Length;)
        {
            var low = (uint)(order[start] >> 32);
            var end = start + 1;
            while (end < order.Length && (uint)(order[end] >> 32) == low)
            {
                end++;
            }

            if (end > start + 1)
            {
                // Copies of one identity, or (rarely) identities whose keys share their low 32 bits: ordered in full.
                run.Clear();
                for (var i = start; i < end; i++)
                {
                    run.Add(IndexOf(order[i]));
                }

                conflicted |= SettleRun(run, dropped, ref kept);
            }

            start = end;
        }

        var claims = new EventClaim[kept];
        var next = 0;
        for (var i = 0; i < dropped.Length; i++)
        {
            if (!dropped[i])
            {
                claims[next++] = _copies[i];
            }
        }

        return claims;
    }

    /// <summary>
    /// Keeps one copy per identity of a run of copies whose keys share their low 32 bits, the one with the lowest
    /// content (the first added among equals), and drops the others; true when an identity has two contents.
    /// </summary>
    private bool SettleRun(List<int> run, Span<bool> dropped, ref int kept)
    {
        var copies = _copies;
        run.Sort((a, b) =>
        {
            var byKey = copies[a].Identity.Key.CompareTo(copies[b].Identity.Key);
            if (byKey != 0)
            {
                return byKey;
            }

            var byTenant = copies[a].Identity.Tenant.CompareTo(copies[b].Identity.Tenant);
            var byContent = copies[a].Content.CompareTo(copies[b].Content);
            return byTenant != 0 ? byTenant : byContent != 0 ? byContent : a.CompareTo(b);
        });

        var conflicted = false;
        var first = copies[run[0]];
        foreach (var index in run.Skip(1))
        {
            var copy = copies[index];
            if (copy.Identity != first.Identity)
            {
                first = copy;
                continue;
            }

            conflicted |= copy.Content != first.Content;
            dropped[index] = true;
            kept--;
        }

        return conflicted;
    }

    /// <summary>
    /// The copies' indexes, each in the low half of a word whose high half is its key's low 32 bits, ordered by that
    /// high half.
    /// </summary>
    private ReadOnlySpan<ulong> Sort()
    {
        if (_order.Length < _count)
        {
            _order = new ulong[_copies.Length];
            _spare = new ulong[_copies.Length];
        }

        var order = _order.AsSpan(0, _count);
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = ((ulong)unchecked((uint)(ulong)_copies[i].Identity.Key) << 32) | (uint)i;
        }

        return RadixSort.Sort(order, _spare, 32, 32);
    }

    private static int IndexOf(ulong word) => unchecked((int)(uint)word);
}
