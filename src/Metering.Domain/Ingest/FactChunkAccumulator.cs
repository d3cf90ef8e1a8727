using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// The facts of one batch grouped per (tenant, family, unit, local day) into <see cref="FactChunk"/>s: sorted by
/// (time, key), one fact per key, and a chunk id that depends on the set of keys only, so that a redelivered or
/// shuffled batch writes the same chunks again. The facts added are kept in one array, each chunk's chained from its
/// last (most chunks hold one fact: a unit rarely changes state twice a day); the facts themselves are made, and their
/// keys hashed together, only when the chunks are.
/// </summary>
internal sealed class FactChunkAccumulator
{
    private const int TenantBits = 21;
    private const int FamilyBits = 8;
    private const int DayBits = 24; // (year + 10000) << 9 | month << 5 | day < 2^24 for every year NodaTime holds

    /// <summary>Facts' room kept from one batch to the next (a batch of 50,000 events holds about 12,000 facts in the benchmark's stream).</summary>
    private const int KeptPending = 1 << 15;

    /// <summary>Each chunk's last fact added, a number of <see cref="_pending"/>; facts of a chunk are chained by <see cref="Pending.Next"/>.</summary>
    private readonly Dictionary<Slot, int> _facts;

    /// <summary>The key messages of the facts added, numbered as <see cref="_pending"/>.</summary>
    private readonly KeyMessages _keys = new();

    /// <summary>A chunk's several facts while they are sorted.</summary>
    private readonly List<int> _chain = [];

    /// <summary>The facts added, by number.</summary>
    private Pending[] _pending = new Pending[1024];

    /// <param name="expected">How many chunks the batch may make: sized once instead of growing by doubling.</param>
    public FactChunkAccumulator(int expected) => _facts = new(expected);

    /// <summary>How many chunks the batch makes so far.</summary>
    public int Count => _facts.Count;

    /// <summary>How many facts the batch added so far (and keys it will hash).</summary>
    public int Added => _keys.Count;

    /// <summary>Forgets the batch, keeping the table's room for the next one.</summary>
    public void Clear()
    {
        _facts.Clear();
        if (_pending.Length > KeptPending)
        {
            // A batch of many facts grew it past what a usual batch needs; every kept set of tables has its own.
            _pending = new Pending[1024];
        }
        else
        {
            Array.Clear(_pending, 0, _keys.Count);
        }

        _keys.Clear();
    }

    /// <summary>
    /// Adds the fact of <paramref name="read"/> (read from <paramref name="body"/>) of family <paramref name="family"/> on a
    /// local day. <paramref name="bodyHash"/> decides between two different bodies that share one key (a producer reusing
    /// an id): the one with the earlier time wins, then the lower body hash, whatever the arrival order. The fact is
    /// made, its key hashed, only in <see cref="ToChunks"/>, where the batch's keys are hashed together.
    /// </summary>
    public void Add(LocalDate day, FactFamily family, in ReadEvent read, ReadOnlySpan<byte> body, UInt128 bodyHash)
    {
        var number = read.AddKeyMessage(body, _keys);
        if (number == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_facts, new Slot(read.Tenant, family, read.SubjectId, day), out var exists);
        _pending[number] = new Pending(read.Time, read.Type.Name, read.Data, bodyHash, exists ? last : -1);
        last = number;
    }

    /// <summary>
    /// The chunks, ordered by tenant, family, unit (ordinal) and day. <paramref name="subjects"/> are the batch's subjects
    /// and <paramref name="subjectRanks"/> gives the ordinal rank of each subject id.
    /// </summary>
    public ImmutableArray<FactChunk> ToChunks(SubjectTable subjects, int[] subjectRanks)
    {
        var keys = _keys.Hash();
        var order = new PendingOrder(_pending, keys);
        var tenantRanks = OrderRanks.Of(_facts.Keys.Select(s => s.Tenant), static (a, b) => a.Id.CompareTo(b.Id));
        if (tenantRanks.Count > 1 << TenantBits)
        {
            throw new InvalidOperationException("A batch holds more tenants than fact ordering supports.");
        }

        var chunks = new FactChunk[_facts.Count];
        var chunkOrder = new UInt128[_facts.Count];
        var seen = new HashSet<EventKey>();
        var i = 0;
        foreach (var (slot, last) in _facts)
        {
            var unit = new Subject(subjects.Text(slot.Subject));
            var facts = _pending[last].Next < 0 ? [_pending[last].ToFact(slot, unit, keys[last])] : Distinct(slot, unit, last, order, seen);
            var day = (ulong)((((slot.Day.Year + 10_000) << 9) | (slot.Day.Month << 5)) | slot.Day.Day);
            var prefix = ((ulong)(uint)tenantRanks[slot.Tenant] << FamilyBits) | (byte)slot.Family;
            chunkOrder[i] = ((UInt128)prefix << (32 + DayBits)) | ((UInt128)(uint)subjectRanks[slot.Subject] << DayBits) | day;
            chunks[i++] = new FactChunk(slot.Tenant.Id, slot.Family, unit, slot.Day, ChunkId(facts), facts);
        }

        Array.Sort(chunkOrder, chunks);
        return ImmutableCollectionsMarshal.AsImmutableArray(chunks);
    }

    /// <summary>The facts of a chunk of several, sorted by (time, key), the first of each key kept.</summary>
    private ImmutableArray<Fact> Distinct(Slot slot, Subject unit, int last, PendingOrder order, HashSet<EventKey> seen)
    {
        _chain.Clear();
        for (var number = last; number >= 0; number = _pending[number].Next)
        {
            _chain.Add(number);
        }

        _chain.Sort(order);
        seen.Clear();
        var facts = ImmutableArray.CreateBuilder<Fact>(_chain.Count);
        foreach (var number in _chain)
        {
            if (seen.Add(new EventKey(order.Keys[number])))
            {
                facts.Add(_pending[number].ToFact(slot, unit, order.Keys[number]));
            }
        }

        return facts.DrainToImmutable();
    }

    /// <summary>
    /// 16 hex digits: XxHash64 of the chunk's keys in ascending key order, each written as 16 big-endian bytes one
    /// after the other.
    /// </summary>
    private static string ChunkId(ImmutableArray<Fact> facts)
    {
        Span<UInt128> sorted = facts.Length <= 16 ? stackalloc UInt128[facts.Length] : new UInt128[facts.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = facts[i].Key.Value;
        }

        sorted.Sort();
        Span<byte> bytes = facts.Length <= 16 ? stackalloc byte[16 * facts.Length] : new byte[16 * facts.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes.Slice(16 * i, 16), sorted[i]);
        }

        // The hash's 8 big-endian bytes in hex are its 16 hex digits; Convert writes them without the general number
        // formatting path ToString("x16") takes (a sample of the planner put that at about 1 % of its time).
        Span<byte> hash = stackalloc byte[sizeof(ulong)];
        XxHash64.Hash(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// A fact as added: the tenant, family and unit are its chunk's, the key is its number's of the batch's keys, and
    /// <see cref="Next"/> is the number of the fact of its chunk added before it (-1 for the first).
    /// </summary>
    private readonly record struct Pending(Instant Time, string Type, EventData Data, UInt128 BodyHash, int Next)
    {
        public Fact ToFact(Slot slot, Subject unit, UInt128 key) => new(slot.Tenant.Id, slot.Family, unit, Time, Type, new EventKey(key), Data);
    }

    /// <summary>(time, key, body hash) of facts by number: the order of a chunk's facts, whose first of each key is kept.</summary>
    private sealed class PendingOrder(Pending[] pending, UInt128[] keys) : IComparer<int>
    {
        public UInt128[] Keys { get; } = keys;

        public int Compare(int a, int b)
        {
            var order = pending[a].Time.CompareTo(pending[b].Time);
            if (order == 0)
            {
                order = Keys[a].CompareTo(Keys[b]);
            }

            return order != 0 ? order : pending[a].BodyHash.CompareTo(pending[b].BodyHash);
        }
    }

    private readonly record struct Slot(Tenant Tenant, FactFamily Family, int Subject, LocalDate Day)
    {
        public bool Equals(Slot other) =>
            Subject == other.Subject && Day == other.Day && Family == other.Family && ReferenceEquals(Tenant, other.Tenant);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Family, Subject, Day);
    }
}
