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
/// shuffled batch writes the same chunks again.
/// </summary>
internal sealed class FactChunkAccumulator
{
    private readonly Dictionary<Slot, List<Entry>> _facts = [];

    /// <summary>
    /// Adds the fact of an event. <paramref name="bodyHash"/> decides between two different bodies that share
    /// one key (a producer reusing an id): the one with the earlier time wins, then the lower body hash, whatever
    /// the arrival order.
    /// </summary>
    public void Add(Tenant tenant, FactFamily family, LocalDate day, MeteringEvent accepted, UInt128 bodyHash)
    {
        ref var entries = ref CollectionsMarshal.GetValueRefOrAddDefault(_facts, new Slot(tenant, family, accepted.Subject, day), out _);
        entries ??= [];
        entries.Add(new Entry(new Fact(tenant.Id, family, accepted.Subject, accepted.Time, accepted.Type.Name, accepted.Key, accepted.Data), bodyHash));
    }

    /// <summary>The chunks, ordered by tenant, family, unit (ordinal) and day.</summary>
    public ImmutableArray<FactChunk> ToChunks()
    {
        var chunks = new FactChunk[_facts.Count];
        var i = 0;
        var keys = new HashSet<EventKey>();
        foreach (var (slot, entries) in _facts)
        {
            entries.Sort(static (a, b) =>
            {
                var order = a.Fact.Time.CompareTo(b.Fact.Time);
                if (order == 0)
                {
                    order = a.Fact.Key.CompareTo(b.Fact.Key);
                }

                return order != 0 ? order : a.BodyHash.CompareTo(b.BodyHash);
            });

            keys.Clear();
            var facts = ImmutableArray.CreateBuilder<Fact>(entries.Count);
            foreach (var entry in entries)
            {
                if (keys.Add(entry.Fact.Key))
                {
                    facts.Add(entry.Fact);
                }
            }

            var unique = facts.DrainToImmutable();
            chunks[i++] = new FactChunk(slot.Tenant.Id, slot.Family, slot.Unit, slot.Day, ChunkId(unique), unique);
        }

        Array.Sort(chunks, static (a, b) =>
        {
            var order = a.Tenant.CompareTo(b.Tenant);
            if (order == 0)
            {
                order = a.Family.CompareTo(b.Family);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Unit, b.Unit);
            }

            return order != 0 ? order : a.Day.CompareTo(b.Day);
        });
        return ImmutableCollectionsMarshal.AsImmutableArray(chunks);
    }

    /// <summary>16 hex digits: XxHash64 of the chunk's keys in ascending key order (big-endian, 16 bytes each).</summary>
    private static string ChunkId(ImmutableArray<Fact> facts)
    {
        var keys = new UInt128[facts.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = facts[i].Key.Value;
        }

        Array.Sort(keys);
        var hash = new XxHash64();
        Span<byte> bytes = stackalloc byte[16];
        foreach (var key in keys)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
            hash.Append(bytes);
        }

        return hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture);
    }

    private readonly record struct Entry(Fact Fact, UInt128 BodyHash);

    private readonly record struct Slot(Tenant Tenant, FactFamily Family, string Unit, LocalDate Day)
    {
        public bool Equals(Slot other) =>
            ReferenceEquals(Tenant, other.Tenant) && Family == other.Family && Day == other.Day
            && string.Equals(Unit, other.Unit, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Family, Unit, Day);
    }
}
