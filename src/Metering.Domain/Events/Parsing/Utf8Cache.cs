using System.Buffers.Binary;
using System.Numerics;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// A small two-way cache from UTF-8 bytes to what they were found to mean (a validated source string, a
/// registered tenant, a catalogued type), so that the values a batch repeats on every event are looked up by
/// hashing their bytes instead of decoding, validating and looking them up again. A key has two slots (its
/// own and its pair's); a third colliding key replaces one: the cache only ever saves work, it never decides anything. Slots are found by mixing the key
/// eight bytes at a time rather than by XxHash3, which a sample of the planner (perf) put at about a third of the three
/// lookups an event makes for keys this short; a collision costs only a miss. Not thread-safe.
/// </summary>
/// <typeparam name="T">The cached meaning.</typeparam>
internal sealed class Utf8Cache<T>
    where T : class
{
    /// <summary>Keys longer than this are not cached.</summary>
    public const int MaxKeyBytes = 256;

    private readonly byte[]?[] _keys;
    private readonly T?[] _values;
    private readonly int _shift;

    /// <param name="slots">A power of two.</param>
    public Utf8Cache(int slots)
    {
        if (!BitOperations.IsPow2(slots) || slots < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "A power of two, at least 2.");
        }

        _keys = new byte[]?[slots];
        _values = new T?[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    public bool TryGet(ReadOnlySpan<byte> key, out T value)
    {
        if (key.Length <= MaxKeyBytes)
        {
            // Two slots per key (its own and its pair's): twenty types in 64 slots are likely to share one, and a shared
            // single slot made them evict each other on every other event.
            var slot = Slot(key);
            if (_keys[slot] is { } stored && key.SequenceEqual(stored))
            {
                value = _values[slot]!;
                return true;
            }

            if (_keys[slot ^ 1] is { } other && key.SequenceEqual(other))
            {
                value = _values[slot ^ 1]!;
                return true;
            }
        }

        value = null!;
        return false;
    }

    public void Set(ReadOnlySpan<byte> key, T value)
    {
        if (key.Length <= MaxKeyBytes)
        {
            // Its own slot, else the pair's when free, else its own again: two keys of one pair always both stay.
            var slot = Slot(key);
            if (_keys[slot] is not null && _keys[slot ^ 1] is null)
            {
                slot ^= 1;
            }

            _keys[slot] = key.ToArray();
            _values[slot] = value;
        }
    }

    private int Slot(ReadOnlySpan<byte> key)
    {
        // Every byte counts (sources of one length often differ only in the middle: https://<tenant>.example/app), eight
        // at a time, the last word overlapping the one before it.
        var mix = (ulong)key.Length;
        if (key.Length >= sizeof(ulong))
        {
            for (var at = 0; at < key.Length; at += sizeof(ulong))
            {
                var word = BinaryPrimitives.ReadUInt64LittleEndian(key[Math.Min(at, key.Length - sizeof(ulong))..]);
                mix = BitOperations.RotateLeft(unchecked((mix ^ word) * 0x9E3779B97F4A7C15UL), 31);
            }
        }
        else
        {
            foreach (var b in key)
            {
                mix = (mix << 8) | b;
            }
        }

        // Multiplicative (Fibonacci) hashing: the top bits of the product depend on every bit of the mix.
        return (int)(unchecked(mix * 0x9E3779B97F4A7C15UL) >> _shift);
    }
}
