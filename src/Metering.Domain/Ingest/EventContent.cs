using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Numerics;
using System.Text;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
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
/// whole. One instance serves one planning at a time (PlannerScratch).
/// </summary>
internal sealed class EventContent
{
    // Per type: its name as an encoded part, and the fields its schema reads (the only ones its data can carry), so that
    // digesting an event tests no field it cannot have.
    private static readonly FrozenDictionary<EventType, TypeParts> ByType = EventCatalog.All.ToFrozenDictionary<EventType, EventType, TypeParts>(
        type => type,
        type => new TypeParts(TextPart(type.Name), DataSchema.For(type).Reads),
        ReferenceEqualityComparer.Instance);

    // Per field, by its flag's bit: its kind and its name as an encoded part. Flags ascend in catalogue order
    // (EventDataFields.All, tested), so walking a payload's fields bit by bit walks them in catalogue order.
    private static readonly FieldPart[] ByBit = [.. EventDataFields.All.OrderBy(f => f.Flag).Select(f => new FieldPart(KindOf(f), TextPart(f.Name)))];

    private readonly Dictionary<Tenant, byte[]> _tenants = new(ReferenceEqualityComparer.Instance);
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
    /// about twice as much per event in the planner benchmark (docs/performance.md). The tenant's and type's parts are
    /// encoded once and the subject's UTF-8 comes from the batch's subject table: encoding them again for every event
    /// was a tenth of the planner's time.
    /// </remarks>
    public ContentDigest Of(in ReadEvent read)
    {
        _length = 0;
        var type = ByType[read.Type];
        AppendPart(TenantPart(read.Tenant));
        AppendPart(type.Name);
        AppendUtf8(read.SubjectUtf8);
        AppendInstant(read.Time);
        var data = read.Data;
        // Only the fields an event carries, each named: adding a field to the catalogue changes no digest already stored
        // (a redelivery after an upgrade still matches its claim).
        for (var fields = (uint)(data.Given & type.Reads); fields != 0; fields &= fields - 1)
        {
            var bit = BitOperations.TrailingZeroCount(fields);
            var field = (DataField)(1 << bit);
            var (kind, name) = ByBit[bit];
            AppendPart(name);
            switch (kind)
            {
                case Kind.Text:
                    AppendText((string)data.ValueOf(field)!);
                    break;
                case Kind.Flag:
                    AppendInteger(data.FlagOf(field) ? 1 : 0);
                    break;
                case Kind.Count:
                    AppendInteger((long)data.ValueOf(field)!);
                    break;
                case Kind.Instant:
                    AppendInstant((Instant)data.ValueOf(field)!);
                    break;
                default:
                    AppendList((ImmutableArray<string>)data.ValueOf(field)!);
                    break;
            }
        }

        return new ContentDigest(XxHash128.HashToUInt128(_buffer.AsSpan(0, _length)));
    }

    /// <summary>A text as the encoding writes it: the tag, its UTF-8 length and its bytes.</summary>
    private static byte[] TextPart(string text)
    {
        var part = new byte[5 + Encoding.UTF8.GetByteCount(text)];
        part[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(part.AsSpan(1), part.Length - 5);
        Encoding.UTF8.GetBytes(text, part.AsSpan(5));
        return part;
    }

    /// <summary>
    /// Forgets the batch's tenants: the directory is reloaded as new instances from time to time, so parts kept by
    /// instance across batches would pile up.
    /// </summary>
    public void Clear() => _tenants.Clear();

    /// <summary>How many tenants' parts are kept (tests check that a batch's are forgotten).</summary>
    internal int TenantParts => _tenants.Count;

    private byte[] TenantPart(Tenant tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var part))
        {
            part = TextPart(tenant.Id.Value);
            _tenants.Add(tenant, part);
        }

        return part;
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

    private void AppendPart(ReadOnlySpan<byte> part) => part.CopyTo(Room(part.Length));

    private void AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        var room = Room(5 + utf8.Length);
        room[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(room[1..], utf8.Length);
        utf8.CopyTo(room[5..]);
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

    private sealed record TypeParts(byte[] Name, DataField Reads);

    private readonly record struct FieldPart(Kind Kind, byte[] Name);
}
