namespace Metering.Testing.Streams;

/// <summary>
/// A read-only stream over bytes that hands them out in reads no longer than <paramref name="nextReadSize"/> says,
/// as a network stream may: fixed chunks, or random sizes so that every split of a line, an escape, a UTF-8
/// sequence or a byte-order mark across two reads gets tried.
/// </summary>
/// <param name="content">The bytes the stream holds.</param>
/// <param name="nextReadSize">The most bytes the next read may return (at least 1).</param>
public sealed class PacedStream(byte[] content, Func<int> nextReadSize) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => content.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads of at most <paramref name="chunk"/> bytes each.</summary>
    public static PacedStream Chunked(byte[] content, int chunk) => new(content, () => chunk);

    /// <summary>Reads of random sizes, a single byte one time in four.</summary>
    public static PacedStream Trickling(byte[] content, Random random) =>
        new(content, () => random.Next(4) == 0 ? 1 : random.Next(1, 70_000));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var take = Math.Min(Math.Min(nextReadSize(), buffer.Length), content.Length - _position);
        content.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
