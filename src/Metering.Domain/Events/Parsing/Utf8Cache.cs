using System.IO.Hashing;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to what they were found to mean (a validated source string, a
/// registered tenant, a catalogued type), so that the values a batch repeats on every event are looked up by
/// hashing their bytes instead of decoding, validating and looking them up again. A colliding key simply
/// replaces the slot: the cache only ever saves work, it never decides anything. Not thread-safe.
/// </summary>
/// <typeparam name="T">The cached meaning.</typeparam>
internal sealed class Utf8Cache<T>
    where T : class
{
    /// <summary>Keys longer than this are not cached.</summary>
    public const int MaxKeyBytes = 256;

    private readonly byte[]?[] _keys;
    private readonly T?[] _values;
    private readonly int _mask;

    /// <param name="slots">A power of two.</param>
    public Utf8Cache(int slots)
    {
        _keys = new byte[]?[slots];
        _values = new T?[slots];
        _mask = slots - 1;
    }

    public bool TryGet(ReadOnlySpan<byte> key, out T value)
    {
        if (key.Length <= MaxKeyBytes)
        {
            var slot = Slot(key);
            if (_keys[slot] is { } stored && key.SequenceEqual(stored))
            {
                value = _values[slot]!;
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
            var slot = Slot(key);
            _keys[slot] = key.ToArray();
            _values[slot] = value;
        }
    }

    private int Slot(ReadOnlySpan<byte> key) => (int)(XxHash3.HashToUInt64(key) & (ulong)_mask);
}
