using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Text;
using Metering.Domain.Events;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Digests what an accepted event says, everything the pipeline reads of it: tenant, type, subject, time (to the
/// nanosecond) and every catalogued <c>data</c> field (docs/events.md, "Duplicates and reused ids"). What the pipeline
/// does not read (other attributes, fields outside the catalogue, whitespace, the order of members, structured or
/// binary mode) does not make two copies different. The encoding is part of the stored format: each part is a tag
/// byte (0 absent, 1 present) and, when present, its value: text as a 32-bit big-endian UTF-8 length and the bytes,
/// integers and flags as 64-bit big-endian, an instant as its day since the Unix epoch and nanosecond of that day,
/// a list as its count and its texts; the digest is XxHash128 (seed 0) of the whole. One instance serves one planning.
/// </summary>
internal sealed class EventContent
{
    private readonly XxHash128 _hash = new();
    private byte[] _text = new byte[256];

    /// <summary>The digest of <paramref name="read"/>.</summary>
    public ContentDigest Of(in ReadEvent read)
    {
        _hash.Reset();
        AppendText(read.Tenant.Id.Value);
        AppendText(read.Type.Name);
        AppendText(read.Subject.Value);
        AppendInstant(read.Time);
        var data = read.Data;
        foreach (var field in EventDataFields.All)
        {
            switch (field)
            {
                case TextField text:
                    AppendText(text.Get(data));
                    break;
                case FlagField flag:
                    AppendInteger(flag.Get(data) is { } on ? (on ? 1 : 0) : null);
                    break;
                case CountField count:
                    AppendInteger(count.Get(data));
                    break;
                case InstantField instant:
                    AppendInstant(instant.Get(data));
                    break;
                case ListField list:
                    AppendList(list.Get(data));
                    break;
                default:
                    throw new InvalidOperationException($"The content digest does not know the kind of data field '{field.Name}'.");
            }
        }

        return new ContentDigest(_hash.GetCurrentHashAsUInt128());
    }

    private void AppendText(string? text)
    {
        if (text is null)
        {
            AppendAbsent();
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length) + 5;
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(text, _text.AsSpan(5));
        _text[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(_text.AsSpan(1), written);
        _hash.Append(_text.AsSpan(0, 5 + written));
    }

    private void AppendInteger(long? value)
    {
        if (value is not { } number)
        {
            AppendAbsent();
            return;
        }

        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], number);
        _hash.Append(bytes);
    }

    private void AppendInstant(Instant? value)
    {
        if (value is not { } instant)
        {
            AppendAbsent();
            return;
        }

        var sinceEpoch = instant - NodaConstants.UnixEpoch;
        Span<byte> bytes = stackalloc byte[17];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], sinceEpoch.Days);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], sinceEpoch.NanosecondOfDay);
        _hash.Append(bytes);
    }

    private void AppendList(ImmutableArray<string>? value)
    {
        if (value is not { } items)
        {
            AppendAbsent();
            return;
        }

        AppendInteger(items.Length);
        foreach (var item in items)
        {
            AppendText(item);
        }
    }

    private void AppendAbsent() => _hash.Append([0]);
}
