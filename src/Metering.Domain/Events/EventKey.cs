using System.Buffers;
using System.Text;
using Metering.Domain.Events.Parsing;

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
        return new(HashOf(source, id, Sha256Prefix.Hash));
    }

    /// <summary><paramref name="hash"/> of the UTF-8 <paramref name="source"/>, a zero byte and the UTF-8 <paramref name="id"/>.</summary>
    internal static UInt128 HashOf(string source, string id, BytesHash hash)
    {
        var length = Encoding.UTF8.GetByteCount(id);
        byte[]? rented = null;
        var idUtf8 = length <= 256 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(id, idUtf8);
            return HashOf(source, idUtf8[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// <paramref name="hash"/> of the UTF-8 <paramref name="source"/>, a zero byte and <paramref name="idUtf8"/>: the bytes
    /// behind both an event's key and its identity (<c>Ingest.EventIdentity</c>), which hash them differently.
    /// </summary>
    internal static UInt128 HashOf(string source, ReadOnlySpan<byte> idUtf8, BytesHash hash)
    {
        var length = Encoding.UTF8.GetByteCount(source);
        byte[]? rented = null;
        var sourceUtf8 = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(source, sourceUtf8);
            return HashOf(sourceUtf8[..written], idUtf8, hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary><paramref name="hash"/> of <paramref name="sourceUtf8"/>, a zero byte and <paramref name="idUtf8"/>.</summary>
    internal static UInt128 HashOf(ReadOnlySpan<byte> sourceUtf8, ReadOnlySpan<byte> idUtf8, BytesHash hash)
    {
        var length = sourceUtf8.Length + 1 + idUtf8.Length;
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            sourceUtf8.CopyTo(buffer);
            buffer[sourceUtf8.Length] = 0;
            idUtf8.CopyTo(buffer[(sourceUtf8.Length + 1)..]);
            return hash(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses the 32 lowercase hex digits of <see cref="ToString"/>.</summary>
    public static EventKey Parse(string hex) => new(UInt128.Parse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public int CompareTo(EventKey other) => Value.CompareTo(other.Value);

    /// <summary>32 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A hash of some bytes (<see cref="EventKey.HashOf(string, ReadOnlySpan{byte}, BytesHash)"/>).</summary>
internal delegate UInt128 BytesHash(ReadOnlySpan<byte> bytes);
