using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Metering.Domain.Events;

/// <summary>
/// The identity of an event: the first 128 bits of SHA-256 over <c>source</c>, a zero byte and <c>id</c>
/// (UTF-8). A redelivered or re-sent event has the same key, so facts are deduplicated by it.
/// </summary>
public readonly record struct EventKey(UInt128 Value) : IComparable<EventKey>
{
    /// <summary>The key of the event with this <paramref name="source"/> and <paramref name="id"/>.</summary>
    public static EventKey Of(string source, string id)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(id);
        var length = Encoding.UTF8.GetByteCount(source) + 1 + Encoding.UTF8.GetByteCount(id);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(source, rented);
            rented[written++] = 0;
            written += Encoding.UTF8.GetBytes(id, rented.AsSpan(written));
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            return new EventKey(BinaryPrimitives.ReadUInt128BigEndian(hash));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses the 32 lowercase hex digits of <see cref="ToString"/>.</summary>
    public static EventKey Parse(string hex) => new(UInt128.Parse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public int CompareTo(EventKey other) => Value.CompareTo(other.Value);

    /// <summary>32 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
