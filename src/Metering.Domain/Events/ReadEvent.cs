using Metering.Domain.Events.Parsing;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// An event the parser accepted, as ingest needs it (<see cref="CloudEventParser.TryRead(RawEvent, out ReadEvent, out RejectedEvent?)"/>): its tenant, type, time,
/// subject and data, and where its id lies in the body, so that the id string and the key are made only for an event
/// that records a fact. A value of one batch: the subject is an id of the batch's subject table.
/// </summary>
internal readonly struct ReadEvent
{
    private readonly SubjectTable _subjects;
    private readonly string _source;
    private readonly byte[] _sourceUtf8;
    private readonly string? _id;
    private readonly int _idStart;
    private readonly int _idLength;

    internal ReadEvent(Tenant tenant, EventType type, Instant time, int subjectId, SubjectTable subjects, EventData data, string source, byte[] sourceUtf8, string? id, int idStart, int idLength)
    {
        Tenant = tenant;
        Type = type;
        Time = time;
        SubjectId = subjectId;
        Data = data;
        _subjects = subjects;
        _source = source;
        _sourceUtf8 = sourceUtf8;
        _id = id;
        _idStart = idStart;
        _idLength = idLength;
    }

    /// <summary>The tenant the event is for.</summary>
    public Tenant Tenant { get; }

    /// <summary>Its catalogued type.</summary>
    public EventType Type { get; }

    /// <summary>Its <c>time</c>.</summary>
    public Instant Time { get; }

    /// <summary>The batch-wide id of its subject (<see cref="SubjectTable"/>): equal ids, equal subjects.</summary>
    public int SubjectId { get; }

    /// <summary>Its subject.</summary>
    public Subject Subject => new(_subjects.Text(SubjectId));

    /// <summary>Its subject's UTF-8 bytes (unescaped), valid while the batch's subject table is.</summary>
    public ReadOnlySpan<byte> SubjectUtf8 => _subjects.Utf8(SubjectId);

    /// <summary>Its catalogued <c>data</c> fields.</summary>
    public EventData Data { get; }

    /// <summary>
    /// The bytes its key hashes (<see cref="EventKey"/>: the source's UTF-8, a zero byte and the id's UTF-8) added to
    /// <paramref name="messages"/>, for keys hashed many at a time.
    /// </summary>
    public int AddKeyMessage(ReadOnlySpan<byte> body, KeyMessages messages) =>
        _id is null
            ? messages.Add(_sourceUtf8, body.Slice(_idStart, _idLength))
            : messages.Add(_sourceUtf8, _id);

    /// <summary>
    /// XxHash128 (seed 0) of the UTF-8 <c>source</c>, a zero byte and the UTF-8 <c>id</c>, read from
    /// <paramref name="body"/>: the key of its identity for duplicate detection (<c>Ingest.EventIdentity</c>).
    /// </summary>
    public UInt128 IdentityHashOf(ReadOnlySpan<byte> body) => HashOf(body, static bytes => System.IO.Hashing.XxHash128.HashToUInt128(bytes));

    /// <summary><paramref name="hash"/> of the source's UTF-8, a zero byte and the id's UTF-8 (from <paramref name="body"/> unless it was escaped).</summary>
    private UInt128 HashOf(ReadOnlySpan<byte> body, BytesHash hash) =>
        _id is null
            ? EventKey.HashOf(_sourceUtf8, body.Slice(_idStart, _idLength), hash)
            : EventKey.HashOf(_source, _id, hash);

    /// <summary>The event, built from <paramref name="body"/>, the bytes it was read from.</summary>
    public MeteringEvent ToEvent(ReadOnlySpan<byte> body)
    {
        var id = _id ?? System.Text.Encoding.UTF8.GetString(body.Slice(_idStart, _idLength));
        var key = Type.Family is null ? default : EventKey.Of(_source, id);
        return new MeteringEvent(key, id, _source, Tenant.Id, Type, Subject, Time, Data);
    }
}
