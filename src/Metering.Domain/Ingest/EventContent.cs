using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using Metering.Domain.Events;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Digests what an accepted event says, everything the pipeline reads of it: tenant, type, subject, time (to the
/// nanosecond) and every catalogued <c>data</c> field it carries (docs/events.md, "Duplicates and reused ids"). What
/// the pipeline does not read (other attributes, fields outside the catalogue, whitespace, the order of members,
/// structured or binary mode) does not make two copies different. The encoding is part of the stored format: tenant,
/// type, subject and time, then each catalogued field the event carries, in catalogue order, as its JSON name and its
/// value (a field it does not carry adds nothing, so a field added to the catalogue changes no digest of an event
/// without it); each part is a tag byte (0 absent, 1 present) and, when present, its value: text as a 32-bit
/// big-endian UTF-8 length and the bytes, integers and flags as 64-bit big-endian, an instant as its day since the
/// Unix epoch and nanosecond of that day, a list as its count and its texts; the digest is XxHash128 (seed 0) of the
/// whole. One instance serves one thread's plannings (PlannerScratch).
/// </summary>
internal sealed class EventContent
{
    // The fields by kind, in their declared order, so that digesting one needs no type test.
    private static readonly (Kind Kind, EventDataField Field)[] Fields = [.. EventDataFields.All.Select(f => (KindOf(f), f))];

    private byte[] _buffer = new byte[512];
    private int _length;

    private enum Kind
    {
        Text,
        Flag,
        Count,
        Instant,
        List,
    }

    /// <summary>The digest of <paramref name="read"/>.</summary>
    /// <remarks>
    /// The encoding is written to one buffer and hashed once: hashing piece by piece (XxHash128.Append per part) cost
    /// about twice as much per event in the planner benchmark (docs/performance.md).
    /// </remarks>
    public ContentDigest Of(in ReadEvent read)
    {
        _length = 0;
        AppendText(read.Tenant.Id.Value);
        AppendText(read.Type.Name);
        AppendText(read.Subject.Value);
        AppendInstant(read.Time);
        var data = read.Data;
        foreach (var (kind, field) in Fields)
        {
            // Only the fields an event carries, each named: adding a field to the catalogue changes no digest already
            // stored (a redelivery after an upgrade still matches its claim).
            switch (kind)
            {
                case Kind.Text when Unsafe.As<TextField>(field).Get(data) is { } text:
                    AppendText(field.Name);
                    AppendText(text);
                    break;
                case Kind.Flag when Unsafe.As<FlagField>(field).Get(data) is { } on:
                    AppendText(field.Name);
                    AppendInteger(on ? 1 : 0);
                    break;
                case Kind.Count when Unsafe.As<CountField>(field).Get(data) is { } count:
                    AppendText(field.Name);
                    AppendInteger(count);
                    break;
                case Kind.Instant when Unsafe.As<InstantField>(field).Get(data) is { } instant:
                    AppendText(field.Name);
                    AppendInstant(instant);
                    break;
                case Kind.List when Unsafe.As<ListField>(field).Get(data) is { } list:
                    AppendText(field.Name);
                    AppendList(list);
                    break;
            }
        }

        return new ContentDigest(XxHash128.HashToUInt128(_buffer.AsSpan(0, _length)));
    }

    private static Kind KindOf(EventDataField field) => field switch
    {
        TextField => Kind.Text,
        FlagField => Kind.Flag,
        CountField => Kind.Count,
        InstantField => Kind.Instant,
        ListField => Kind.List,
        _ => throw new InvalidOperationException($"The content digest does not know the kind of data field '{field.Name}'."),
    };

    private Span<byte> Room(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }

        var room = _buffer.AsSpan(_length, bytes);
        _length += bytes;
        return room;
    }

    private void AppendText(string? text)
    {
        if (text is null)
        {
            AppendAbsent();
            return;
        }

        var room = Room(5 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, room[5..]);
        room[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(room[1..], written);
        _length -= room.Length - 5 - written;
    }

    private void AppendInteger(long? value)
    {
        if (value is not { } number)
        {
            AppendAbsent();
            return;
        }

        var room = Room(9);
        room[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(room[1..], number);
    }

    private void AppendInstant(Instant? value)
    {
        if (value is not { } instant)
        {
            AppendAbsent();
            return;
        }

        var sinceEpoch = instant - NodaConstants.UnixEpoch;
        var room = Room(17);
        room[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(room[1..], sinceEpoch.Days);
        BinaryPrimitives.WriteInt64BigEndian(room[9..], sinceEpoch.NanosecondOfDay);
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

    private void AppendAbsent() => Room(1)[0] = 0;
}
