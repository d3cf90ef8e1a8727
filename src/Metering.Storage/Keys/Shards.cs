using System.Buffers;
using System.Globalization;
using System.Text;

namespace Metering.Storage.Keys;

/// <summary>
/// The shard of a unit within a tenant-month (docs/storage.md, "Shards"): FNV-1a-32 of the unit's UTF-8 bytes,
/// modulo 16, written as two lowercase hex digits <c>00</c>..<c>0f</c>. The hash and the count are part of the
/// stored format: changing either means migrating the data.
/// </summary>
public static class Shards
{
    /// <summary>How many shards a tenant-month has.</summary>
    public const int Count = 16;

    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Every shard name, in order.</summary>
    public static IReadOnlyList<string> All { get; } =
        Enumerable.Range(0, Count).Select(Name).ToArray();

    /// <summary>FNV-1a, 32 bits, of the UTF-8 bytes of <paramref name="unit"/>.</summary>
    public static uint Fnv1a32(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var length = Encoding.UTF8.GetByteCount(unit);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(unit, rented);
            var hash = OffsetBasis;
            foreach (var b in rented.AsSpan(0, written))
            {
                hash ^= b;
                hash = unchecked(hash * Prime);
            }

            return hash;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The shard number (0..15) of a unit.</summary>
    public static int Of(string unit) => (int)(Fnv1a32(unit) % Count);

    /// <summary>The shard name of a unit.</summary>
    public static string NameOf(string unit) => Name(Of(unit));

    /// <summary>The two-hex-digit name of shard <paramref name="shard"/>.</summary>
    public static string Name(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Count);
        return shard.ToString("x2", CultureInfo.InvariantCulture);
    }
}
