using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Presence of one batch merged per (tenant, local month, kind, unit) into a day mask, so that storage writes grow
/// with distinct units per month and not with events (docs/performance.md, "Memory"). Tenants and kinds are numbered
/// in the batch and units are the parser's subject ids; tenant, month and kind pack into one number, a head, and the
/// batch's few heads are numbered as met. Each activity event is appended as (head, unit, day); the records are made
/// at the end by ranking heads and units in their canonical order, radix-sorting the packed (head, unit, day) words
/// and merging runs, which costs a few sequential passes where a table of slots cost a random access per event and
/// then a sort of the records.
/// </summary>
internal sealed class PresenceAccumulator
{
    private const int TenantBits = 21;
    private const int MonthBits = 18; // (year + 10000) * 12 + month - 1 < 2^18 for every year NodaTime holds
    private const int KindBits = 64 - TenantBits - MonthBits;

    /// <summary>Bits of a word holding the day of the month, less one.</summary>
    private const int DayBits = 5;

    /// <summary>Up to this many tenants are numbered by a search of the list; past it, by a table.</summary>
    private const int SearchedTenants = 16;

    private readonly List<Tenant> _tenants = [];
    private readonly Dictionary<Tenant, int> _tenantNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly List<ulong> _heads = [];
    private readonly Dictionary<ulong, int> _headNumbers = [];
    private Entry[] _entries;
    private ulong[] _words = [];
    private ulong[] _spare = [];
    private int _count;
    private ulong _lastHead = ulong.MaxValue;
    private int _lastHeadNumber;

    /// <param name="expected">How many activity events the batch may hold: sized once instead of growing by doubling.</param>
    public PresenceAccumulator(int expected) => _entries = new Entry[Math.Max(expected, 16)];

    /// <summary>How many activity events the batch added so far.</summary>
    public int Count => _count;

    /// <summary>Forgets the batch, keeping the room for the next one unless an unusually large batch grew it.</summary>
    public void Clear()
    {
        _count = 0;
        _tenants.Clear();
        _tenantNumbers.Clear();
        _heads.Clear();
        _headNumbers.Clear();
        _lastHead = ulong.MaxValue;
        if (_entries.Length > PlannerScratch.MaxKeptEntries)
        {
            // Only the tables of an unusually large batch get here (PlannerScratch keeps none larger).
            _entries = new Entry[PlannerScratch.MaxKeptEntries];
            _words = _spare = [];
        }
    }

    /// <summary>
    /// Records activity of subject id <paramref name="subject"/>, of kind number <paramref name="kind"/> of the batch's
    /// <see cref="ActivityKindTable"/>, on a local day.
    /// </summary>
    public void Add(Tenant tenant, LocalDate day, int kind, int subject)
    {
        var month = (ulong)(((day.Year + 10_000) * 12) + day.Month - 1);
        var head = Pack(TenantNumber(tenant), (int)month, kind);
        if (head != _lastHead)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_headNumbers, head, out var exists);
            if (!exists)
            {
                number = _heads.Count;
                _heads.Add(head);
            }

            (_lastHead, _lastHeadNumber) = (head, number);
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = new Entry(_lastHeadNumber, subject, day.Day - 1);
    }

    /// <summary>
    /// The records, ordered by tenant, month, kind key and unit (ordinal). <paramref name="kinds"/> is the batch's kind
    /// table, <paramref name="subjects"/> its subjects and <paramref name="subjectRanks"/> the ordinal rank of each
    /// subject id.
    /// </summary>
    public ImmutableArray<PresenceRecord> ToRecords(ActivityKindTable kinds, SubjectTable subjects, int[] subjectRanks)
    {
        if (_tenants.Count > 1 << TenantBits || kinds.Kinds.Count > 1 << KindBits)
        {
            throw new InvalidOperationException("A batch holds more tenants or activity kinds than presence ordering supports.");
        }

        // Heads are few: ranked once by (tenant, month, kind key), so that a word's order is the canonical order.
        var tenantRanks = OrderRanks.ByIndex(_tenants, static (a, b) => a.Id.CompareTo(b.Id));
        var kindRanks = OrderRanks.ByIndex(kinds.Kinds, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var headOrder = new ulong[_heads.Count];
        for (var number = 0; number < _heads.Count; number++)
        {
            var (tenant, month, kind) = Unpack(_heads[number]);
            headOrder[number] = Pack(tenantRanks[tenant], month, kindRanks[kind]);
        }

        var headRanks = OrderRanks.ByIndex(headOrder, static (a, b) => a.CompareTo(b));
        var headsByRank = new int[headRanks.Length];
        for (var number = 0; number < headRanks.Length; number++)
        {
            headsByRank[headRanks[number]] = number;
        }

        var subjectBits = RadixSort.BitsFor(subjects.Count);
        var bits = RadixSort.BitsFor(_heads.Count) + subjectBits + DayBits;
        if (bits > 64)
        {
            throw new InvalidOperationException("A batch holds more presence heads and units than presence ordering supports.");
        }

        if (_words.Length < _count)
        {
            _words = new ulong[_entries.Length];
            _spare = new ulong[_entries.Length];
        }

        var words = _words.AsSpan(0, _count);
        for (var i = 0; i < words.Length; i++)
        {
            var entry = _entries[i];
            words[i] = ((ulong)(uint)headRanks[entry.Head] << (subjectBits + DayBits)) | ((ulong)(uint)subjectRanks[entry.Subject] << DayBits) | (uint)entry.Day;
        }

        var sorted = RadixSort.Sort(words, _spare, 0, bits);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            distinct += i == 0 || sorted[i] >> DayBits != sorted[i - 1] >> DayBits ? 1 : 0;
        }

        var subjectsByRank = new int[subjectRanks.Length];
        for (var id = 0; id < subjectRanks.Length; id++)
        {
            subjectsByRank[subjectRanks[id]] = id;
        }

        var records = new PresenceRecord[distinct];
        var r = 0;
        var days = 0u;
        for (var i = 0; i < sorted.Length; i++)
        {
            days |= 1u << (int)(sorted[i] & ((1UL << DayBits) - 1));
            if (i + 1 < sorted.Length && sorted[i + 1] >> DayBits == sorted[i] >> DayBits)
            {
                continue;
            }

            var unit = (int)((sorted[i] >> DayBits) & ((1UL << subjectBits) - 1));
            var (tenant, month, kind) = Unpack(_heads[headsByRank[(int)(sorted[i] >> (subjectBits + DayBits))]]);
            var yearMonth = new YearMonth((month / 12) - 10_000, (month % 12) + 1);
            records[r++] = new PresenceRecord(_tenants[tenant].Id, yearMonth, kinds.Kinds[kind], new Subject(subjects.Text(subjectsByRank[unit])), days);
            days = 0;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(records);
    }

    /// <summary>Tenant, month and kind (numbers or ranks) in one word, in that order of significance.</summary>
    private static ulong Pack(int tenant, int month, int kind) =>
        ((ulong)(uint)tenant << (MonthBits + KindBits)) | ((ulong)(uint)month << KindBits) | (uint)kind;

    private static (int Tenant, int Month, int Kind) Unpack(ulong head) => (
        (int)(head >> (MonthBits + KindBits)),
        (int)((head >> KindBits) & ((1UL << MonthBits) - 1)),
        (int)(head & ((1UL << KindBits) - 1)));

    /// <summary>The tenant's number in this batch: a batch holds few tenants, found by a search before a table is needed.</summary>
    private int TenantNumber(Tenant tenant)
    {
        var tenants = CollectionsMarshal.AsSpan(_tenants);
        if (tenants.Length <= SearchedTenants)
        {
            for (var number = 0; number < tenants.Length; number++)
            {
                if (ReferenceEquals(tenants[number], tenant))
                {
                    return number;
                }
            }
        }
        else if (_tenantNumbers.TryGetValue(tenant, out var known))
        {
            return known;
        }

        _tenants.Add(tenant);
        if (_tenants.Count == SearchedTenants + 1)
        {
            for (var number = 0; number < _tenants.Count; number++)
            {
                _tenantNumbers[_tenants[number]] = number;
            }
        }
        else if (_tenants.Count > SearchedTenants + 1)
        {
            _tenantNumbers[tenant] = _tenants.Count - 1;
        }

        return _tenants.Count - 1;
    }

    /// <summary>One activity event: its head's number, its unit's subject id and its day of the month less one.</summary>
    private readonly record struct Entry(int Head, int Subject, int Day);
}
