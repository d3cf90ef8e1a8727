namespace Metering.Pipeline.Ingest;

/// <summary>
/// The bytes of the event being read, kept up to a hard cap while every byte is still counted: a line of
/// gigabytes costs the cap in memory, and the event records how long it really was.
/// </summary>
internal sealed class EventBodyBuffer(int cap)
{
    private byte[] _bytes = new byte[Math.Min(cap, 4096)];
    private int _kept;

    /// <summary>How many bytes the event has had so far, kept or not.</summary>
    public long Length { get; private set; }

    /// <summary>Whether bytes were dropped at the cap.</summary>
    public bool IsCut => Length > _kept;

    /// <summary>The kept bytes.</summary>
    public ReadOnlySpan<byte> Kept => _bytes.AsSpan(0, _kept);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Length += bytes.Length;
        var room = cap - _kept;
        if (room <= 0 || bytes.IsEmpty)
        {
            return;
        }

        var take = Math.Min(room, bytes.Length);
        if (_bytes.Length < _kept + take)
        {
            Array.Resize(ref _bytes, (int)Math.Min(cap, Math.Max((long)_kept + take, _bytes.Length * 2L)));
        }

        bytes[..take].CopyTo(_bytes.AsSpan(_kept));
        _kept += take;
    }

    /// <summary>Drops the last kept byte (a line's carriage return) from both the kept bytes and the length.</summary>
    public void DropLast()
    {
        if (_kept == Length)
        {
            _kept--;
        }

        Length--;
    }

    public void Clear()
    {
        _kept = 0;
        Length = 0;
    }
}
