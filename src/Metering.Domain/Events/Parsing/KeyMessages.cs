using System.Text;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// The messages of a batch's event keys (<see cref="EventKey"/>: a source's UTF-8, a zero byte, an id's UTF-8) one
/// after the other, hashed together by <see cref="Hash"/>: SHA-256 runs eight keys at a time
/// (<see cref="Sha256Prefix.HashMany"/>). Kept from one batch to the next; not thread-safe.
/// </summary>
internal sealed class KeyMessages
{
    /// <summary>Room kept from one batch to the next: a batch of 50,000 events holds about 12,000 keys in the benchmark's stream.</summary>
    private const int KeptBytes = 1 << 21;

    private const int KeptMessages = 1 << 15;

    private byte[] _bytes = new byte[1 << 16];
    private int[] _ends = new int[1 << 10];
    private UInt128[] _hashes = [];
    private int _length;

    /// <summary>How many messages were added.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes of room held for messages (tests check what is kept after a large batch).</summary>
    internal int RoomBytes => _bytes.Length;

    /// <summary>Adds the message of <paramref name="sourceUtf8"/> and <paramref name="idUtf8"/>; returns its number.</summary>
    public int Add(ReadOnlySpan<byte> sourceUtf8, ReadOnlySpan<byte> idUtf8)
    {
        idUtf8.CopyTo(Start(sourceUtf8, idUtf8.Length));
        return End();
    }

    /// <summary>Adds the message of <paramref name="sourceUtf8"/> and the UTF-8 of <paramref name="id"/>; returns its number.</summary>
    public int Add(ReadOnlySpan<byte> sourceUtf8, string id)
    {
        Encoding.UTF8.GetBytes(id, Start(sourceUtf8, Encoding.UTF8.GetByteCount(id)));
        return End();
    }

    /// <summary>
    /// The key of every message, by number (the first <see cref="Count"/> of the array). Valid until the next
    /// <see cref="Hash"/> or <see cref="Clear"/>.
    /// </summary>
    public UInt128[] Hash()
    {
        if (_hashes.Length < Count)
        {
            _hashes = new UInt128[Math.Max(Count, _hashes.Length * 2)];
        }

        Sha256Prefix.HashMany(_bytes.AsSpan(0, _length), _ends.AsSpan(0, Count), _hashes);
        return _hashes;
    }

    /// <summary>
    /// Forgets the messages, keeping the room unless a batch of many keys (a stream's first batches are mostly
    /// <c>user.created</c>) grew it past what a usual batch needs: every kept set of planner tables has its own.
    /// </summary>
    public void Clear()
    {
        _length = Count = 0;
        if (_bytes.Length > KeptBytes || _ends.Length > KeptMessages || _hashes.Length > KeptMessages)
        {
            (_bytes, _ends, _hashes) = (new byte[1 << 16], new int[1 << 10], []);
        }
    }

    /// <summary>Writes the source and the zero byte of a message whose id has <paramref name="idLength"/> bytes; returns the id's room.</summary>
    private Span<byte> Start(ReadOnlySpan<byte> sourceUtf8, int idLength)
    {
        var room = Room(sourceUtf8.Length + 1 + idLength);
        sourceUtf8.CopyTo(room);
        room[sourceUtf8.Length] = 0;
        return room[(sourceUtf8.Length + 1)..];
    }

    private Span<byte> Room(int length)
    {
        if (_bytes.Length - _length < length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + length));
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        var room = _bytes.AsSpan(_length, length);
        _length += length;
        return room;
    }

    private int End()
    {
        _ends[Count] = _length;
        return Count++;
    }
}
