using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// The facts of one batch grouped per (tenant, family, unit, local day) into <see cref="FactChunk"/>s: sorted by
/// (time, key), one fact per key, and a chunk id that depends on the set of keys only, so that a redelivered or
/// shuffled batch writes the same chunks again. Most chunks hold one fact (a unit rarely changes state twice a
/// day), so a chunk keeps its first fact inline and a list only from the second on.
/// </summary>
internal sealed class FactChunkAccumulator
{
    private const int TenantBits = 21;
    private const int FamilyBits = 8;
    private const int DayBits = 24; // (year + 10000) << 9 | month << 5 | day < 2^24 for every year NodaTime holds

    private readonly Dictionary<Slot, Chunk> _facts;

    /// <param name="expected">How many chunks the batch may make: sized once instead of growing by doubling.</param>
    public FactChunkAccumulator(int expected) => _facts = new(expected);

    /// <summary>How many chunks the batch makes so far.</summary>
    public int Count => _facts.Count;

    /// <summary>Forgets the batch, keeping the table's room for the next one.</summary>
    public void Clear() => _facts.Clear();

    /// <summary>
    /// Adds a fact of subject <paramref name="subject"/> on a local day. <paramref name="bodyHash"/> decides between
    /// two different bodies that share one key (a producer reusing an id): the one with the earlier time wins, then
    /// the lower body hash, whatever the arrival order.
    /// </summary>
    public void Add(Tenant tenant, LocalDate day, int subject, Fact fact, UInt128 bodyHash)
    {
        ref var chunk = ref CollectionsMarshal.GetValueRefOrAddDefault(_facts, new Slot(tenant, fact.Family, subject, day), out var exists);
        if (!exists)
        {
            chunk.First = new Entry(fact, bodyHash);
        }
        else
        {
            chunk.More ??= [];
            chunk.More.Add(new Entry(fact, bodyHash));
        }
    }

    /// <summary>
    /// The chunks, ordered by tenant, family, unit (ordinal) and day. <paramref name="subjectRanks"/> gives the ordinal
    /// rank of each subject id.
    /// </summary>
    public ImmutableArray<FactChunk> ToChunks(int[] subjectRanks)
    {
        var tenantRanks = OrderRanks.Of(_facts.Keys.Select(s => s.Tenant), static (a, b) => a.Id.CompareTo(b.Id));
        if (tenantRanks.Count > 1 << TenantBits)
        {
            throw new InvalidOperationException("A batch holds more tenants than fact ordering supports.");
        }

        var chunks = new FactChunk[_facts.Count];
        var order = new UInt128[_facts.Count];
        var keys = new HashSet<EventKey>();
        var i = 0;
        foreach (var (slot, chunk) in _facts)
        {
            var facts = chunk.More is null ? [chunk.First.Fact] : Distinct(chunk.First, chunk.More, keys);
            var unit = chunk.First.Fact.Unit;
            var day = (ulong)((((slot.Day.Year + 10_000) << 9) | (slot.Day.Month << 5)) | slot.Day.Day);
            var prefix = ((ulong)(uint)tenantRanks[slot.Tenant] << FamilyBits) | (byte)slot.Family;
            order[i] = ((UInt128)prefix << (32 + DayBits)) | ((UInt128)(uint)subjectRanks[slot.Subject] << DayBits) | day;
            chunks[i++] = new FactChunk(slot.Tenant.Id, slot.Family, unit, slot.Day, ChunkId(facts), facts);
        }

        Array.Sort(order, chunks);
        return ImmutableCollectionsMarshal.AsImmutableArray(chunks);
    }

    /// <summary>The facts of a chunk of several entries, sorted by (time, key), the first of each key kept.</summary>
    private static ImmutableArray<Fact> Distinct(Entry first, List<Entry> more, HashSet<EventKey> keys)
    {
        more.Add(first);
        more.Sort(static (a, b) =>
        {
            var order = a.Fact.Time.CompareTo(b.Fact.Time);
            if (order == 0)
            {
                order = a.Fact.Key.CompareTo(b.Fact.Key);
            }

            return order != 0 ? order : a.BodyHash.CompareTo(b.BodyHash);
        });

        keys.Clear();
        var facts = ImmutableArray.CreateBuilder<Fact>(more.Count);
        foreach (var entry in more)
        {
            if (keys.Add(entry.Fact.Key))
            {
                facts.Add(entry.Fact);
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

        return XxHash64.HashToUInt64(bytes).ToString("x16", CultureInfo.InvariantCulture);
    }

    private readonly record struct Entry(Fact Fact, UInt128 BodyHash);

    private struct Chunk
    {
        public Entry First;
        public List<Entry>? More;
    }

    private readonly record struct Slot(Tenant Tenant, FactFamily Family, int Subject, LocalDate Day)
    {
        public bool Equals(Slot other) =>
            Subject == other.Subject && Day == other.Day && Family == other.Family && ReferenceEquals(Tenant, other.Tenant);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Family, Subject, Day);
    }
}
