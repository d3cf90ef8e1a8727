using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Metering.Domain.Events.Parsing;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// Reads one CloudEvents 1.0 structured-mode JSON body into a <see cref="MeteringEvent"/>, or rejects it with
/// every problem found (docs/events.md; the codes are <see cref="RejectionReason"/>'s, described in
/// <c>docs/events.md</c>). A body over <see cref="MaxBodyBytes"/> is rejected unread; a body that is not
/// well-formed UTF-8 JSON has that one problem; otherwise every attribute, context and <c>data</c> rule is
/// checked and each broken one reported, the first in the fixed order specversion, id, source, type, time,
/// tenantid, subject, then tenant, registered source, the sender that delivered it (<see cref="RawEvent.Sender"/>),
/// future time, then data. An instance belongs to one batch:
/// it is bound to a tenant snapshot and the moment of ingest, keeps small caches, and is not thread-safe.
/// </summary>
public sealed partial class CloudEventParser
{
    /// <summary>The largest accepted body: 256 KiB. A body of exactly this many bytes is read; one byte more is rejected.</summary>
    public const int MaxBodyBytes = 262_144;

    /// <summary>The longest accepted subject, in Unicode scalar values (a surrogate pair counts once).</summary>
    public const int MaxSubjectLength = SubjectTable.MaxSubjectLength;

    private const int MaxTypeLength = 64;
    private const int MaxTenantIdLength = 63;

    private readonly TenantDirectory _tenants;
    private readonly Instant _latestAcceptedTime;
    private readonly Instant _earliestAcceptedTime;
    private readonly Duration _maximumAge;
    private readonly Utf8StringPool _strings = new();
    private readonly SubjectTable _subjects;
    private readonly Utf8Cache<SourceText> _sources = new(64);
    private readonly Utf8Cache<EventType> _types = new(64);
    private readonly Utf8Cache<Tenant> _tenantsByName = new(256);
    private Rfc3339Time.DateMemo _dates;
    private readonly EventDataReader _data;
    private readonly List<ValidationError> _errors = [];
    private readonly List<ValidationError> _dataErrors = [];
    private readonly List<Range> _extensionNames = [];
    private byte[] _extensionNameBytes = new byte[128];
    private byte[] _scratch = new byte[256];

    private string? _sender;
    private Tenant? _allowsTenant;
    private string? _allowsSource;
    private bool _allows;

    private int _seen;
    private State _specVersion;
    private State _id;
    private State _source;
    private State _type;
    private State _time;
    private State _tenantId;
    private State _subject;
    private State _dataState;
    private bool _dataBase64;
    private string? _idValue;
    private int _idStart;
    private int _idLength;
    private string? _sourceValue;
    private byte[]? _sourceUtf8;
    private EventType? _typeValue;
    private string? _typeText;
    private Instant _timeValue;
    private Tenant? _tenantValue;
    private string? _tenantText;
    private int _subjectId;
    private OpaqueTextProblem _subjectProblem;
    private EventData? _dataValue;
    private int _dataStart;
    private int _dataLength;

    /// <summary>A parser for one batch.</summary>
    /// <param name="tenants">The registry snapshot: an event's tenant must be in it and allow its source.</param>
    /// <param name="now">
    /// The moment of ingest: a <c>time</c> more than <see cref="FutureTolerance"/> after it, or more than
    /// <paramref name="maximumAge"/> before it, is rejected; exactly that much either way is accepted.
    /// </param>
    /// <param name="maximumAge">The oldest-event horizon: <see cref="DefaultMaximumAge"/> when null.</param>
    public CloudEventParser(TenantDirectory tenants, Instant now, Duration? maximumAge = null)
        : this(tenants, now, maximumAge ?? DefaultMaximumAge, new SubjectTable())
    {
    }

    /// <summary>A parser for one batch that interns subjects into <paramref name="subjects"/> (empty, reused across batches).</summary>
    internal CloudEventParser(TenantDirectory tenants, Instant now, Duration maximumAge, SubjectTable subjects)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        if (maximumAge <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumAge), maximumAge, "The oldest-event horizon must be positive.");
        }

        _tenants = tenants;
        _latestAcceptedTime = now + FutureTolerance;
        // A horizon reaching past the first instant NodaTime holds accepts every time: no event is older than that.
        _earliestAcceptedTime = maximumAge >= now - Instant.MinValue ? Instant.MinValue : now - maximumAge;
        _maximumAge = maximumAge;
        _data = new EventDataReader(_strings);
        _subjects = subjects;
    }

    /// <summary>How far after the moment of ingest an event's <c>time</c> may be (producers' clocks drift): 5 minutes, inclusive.</summary>
    public static Duration FutureTolerance { get; } = Duration.FromMinutes(5);

    /// <summary>
    /// How far before the moment of ingest an event's <c>time</c> may be when the deployment sets no horizon: 1,096
    /// days (three years, a leap day included), inclusive. Far beyond any grace period and the revisions billing
    /// still accepts, and it keeps a clock reset to 0001-01-01 or a mistyped year out of the tables; a backfill of
    /// older history raises the horizon for its run (docs/events.md, "Time").
    /// </summary>
    public static Duration DefaultMaximumAge { get; } = Duration.FromDays(1096);

    private enum State : byte
    {
        Absent,
        Null,
        WrongType,
        Empty,
        Invalid,
        Valid,

        /// <summary><c>data</c> came before <c>type</c>: its bytes are read once the type is known.</summary>
        Deferred,
    }

    private enum Attribute
    {
        Extension,
        SpecVersion,
        Id,
        Source,
        Type,
        Time,
        TenantId,
        Subject,
        Data,
        DataBase64,
    }

    /// <summary>
    /// Reads one received event. Besides the body rules, an event the batch reader had to cut
    /// (<see cref="RawEvent.OriginalLength"/>) is <see cref="RejectionReason.EventTooLarge"/>, and the remainder of a
    /// JSON array that could not be split (<see cref="RawEvent.IsBatchRemainder"/>) is
    /// <see cref="RejectionReason.MalformedBatch"/>, never parsed.
    /// </summary>
    public bool TryParse(RawEvent raw, [NotNullWhen(true)] out MeteringEvent? parsed, [NotNullWhen(false)] out RejectedEvent? rejected)
    {
        if (TryRead(raw, out var read, out rejected))
        {
            parsed = read.ToEvent(raw.Body.Span);
            return true;
        }

        parsed = null;
        return false;
    }

    /// <summary>Reads one event body; on failure <paramref name="errors"/> holds every problem, the primary one first.</summary>
    public bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out MeteringEvent? parsed, out ImmutableArray<ValidationError> errors)
    {
        _sender = null;
        if (TryRead(body))
        {
            parsed = Read().ToEvent(body);
            errors = [];
            return true;
        }

        parsed = null;
        errors = [.. _errors];
        return false;
    }

    /// <summary>Every distinct subject this parser has read.</summary>
    internal SubjectTable Subjects => _subjects;

    /// <summary>
    /// Validates one received event without building it, so that ingest pays for an event object, its id string
    /// and its key only when it records a fact: <paramref name="read"/> describes an accepted one.
    /// </summary>
    internal bool TryRead(RawEvent raw, out ReadEvent read, [NotNullWhen(false)] out RejectedEvent? rejected)
    {
        ArgumentNullException.ThrowIfNull(raw);
        read = default;
        _sender = raw.Sender;
        var length = raw.OriginalLength ?? raw.Body.Length;
        if (raw.IsBatchRemainder)
        {
            var errors = ImmutableArray.CreateBuilder<ValidationError>(2);
            errors.Add(new ValidationError(RejectionReason.MalformedBatch, null, string.Create(CultureInfo.InvariantCulture,
                $"The JSON array could not be split into events from this element on; the remaining {length:N0} bytes are kept as they are.")));
            if (length > raw.Body.Length)
            {
                errors.Add(TooLarge(length));
            }

            rejected = new RejectedEvent(raw, errors.ToImmutable());
            return false;
        }

        if (length > raw.Body.Length || length > MaxBodyBytes)
        {
            rejected = new RejectedEvent(raw, [TooLarge(length)]);
            return false;
        }

        if (TryRead(raw.Body.Span))
        {
            read = Read();
            rejected = null;
            return true;
        }

        rejected = new RejectedEvent(raw, [.. _errors]);
        return false;
    }

    /// <summary>The event just read successfully.</summary>
    private ReadEvent Read() =>
        new(_tenantValue!, _typeValue!, _timeValue, _subjectId, _subjects, _dataValue!, _sourceValue!, _sourceUtf8!, _idValue, _idStart, _idLength);

    private bool TryRead(ReadOnlySpan<byte> body)
    {
        _errors.Clear();
        if (body.Length > MaxBodyBytes)
        {
            _errors.Add(TooLarge(body.Length));
            return false;
        }

        if (!Utf8.IsValid(body))
        {
            _errors.Add(new ValidationError(RejectionReason.MalformedJson, null, "The body is not well-formed UTF-8."));
            return false;
        }

        Reset();
        if (CommonReader && TryReadCommon(body))
        {
            CommonReads++;
            return true;
        }

        // Read in full from the start, whatever the common reader saw: it added no error, Reset forgets its state, and
        // the caches it filled are keyed by bytes and only save work.
        Reset();
        if (Scan(body))
        {
            Validate(body);
        }

        return _errors.Count == 0;
    }

    private static ValidationError TooLarge(long length) =>
        new(RejectionReason.EventTooLarge, null, string.Create(CultureInfo.InvariantCulture,
            $"The event is {length:N0} bytes; at most {MaxBodyBytes:N0} are accepted."));

    private void Reset()
    {
        _seen = 0;
        _specVersion = _id = _source = _type = _time = _tenantId = _subject = _dataState = State.Absent;
        _dataBase64 = false;
        _idStart = _idLength = 0;
        _dataErrors.Clear();
        _idValue = _sourceValue = _typeText = _tenantText = null;
        _sourceUtf8 = null;
        _typeValue = null;
        _tenantValue = null;
        _dataValue = null;
        _subjectProblem = OpaqueTextProblem.None;
        _subjectId = -1;
        _dataStart = _dataLength = 0;
        _extensionNames.Clear();
    }

    /// <summary>The single forward pass over the top-level object; false when the body is not an object of well-formed JSON.</summary>
    private bool Scan(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                while (reader.Read())
                {
                }

                _errors.Add(new ValidationError(RejectionReason.NotAnObject, null, "The body is JSON but not an object."));
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameIsText = JsonText.TryGetUtf8(ref reader, ref _scratch, out var name);
                var attribute = nameIsText ? Identify(name) : Attribute.Extension;
                if (attribute == Attribute.Extension)
                {
                    if (IsRepeatedExtension(nameIsText ? name : reader.ValueSpan))
                    {
                        Duplicate(nameIsText ? Encoding.UTF8.GetString(name) : Encoding.UTF8.GetString(reader.ValueSpan));
                    }

                    reader.Skip();
                    continue;
                }

                var bit = 1 << (int)attribute;
                if ((_seen & bit) != 0)
                {
                    Duplicate(Encoding.UTF8.GetString(name));
                    reader.Skip();
                    continue;
                }

                _seen |= bit;
                reader.Read();
                ReadAttribute(attribute, ref reader);
                reader.Skip();
            }

            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException e)
        {
            _errors.Clear();
            _errors.Add(new ValidationError(RejectionReason.MalformedJson, null, $"The body is not well-formed JSON: {e.Message}"));
            return false;
        }
    }

    private void Duplicate(string name) =>
        _errors.Add(new ValidationError(RejectionReason.DuplicateAttribute, name, $"'{name}' appears more than once: the event is ambiguous."));

    private bool IsRepeatedExtension(ReadOnlySpan<byte> name)
    {
        foreach (var range in _extensionNames)
        {
            if (_extensionNameBytes.AsSpan(range).SequenceEqual(name))
            {
                return true;
            }
        }

        var start = _extensionNames.Count == 0 ? 0 : _extensionNames[^1].End.Value;
        if (_extensionNameBytes.Length < start + name.Length)
        {
            Array.Resize(ref _extensionNameBytes, Math.Max(start + name.Length, _extensionNameBytes.Length * 2));
        }

        name.CopyTo(_extensionNameBytes.AsSpan(start));
        _extensionNames.Add(new Range(start, start + name.Length));
        return false;
    }

    private void ReadAttribute(Attribute attribute, ref Utf8JsonReader reader)
    {
        if (attribute == Attribute.Data)
        {
            ReadData(ref reader);
            return;
        }

        if (attribute == Attribute.DataBase64)
        {
            _dataBase64 = reader.TokenType != JsonTokenType.Null;
            return;
        }

        var state = reader.TokenType switch
        {
            JsonTokenType.Null => State.Null,
            JsonTokenType.String when reader.ValueSpan.IsEmpty => State.Empty,
            JsonTokenType.String => State.Valid,
            _ => State.WrongType,
        };

        if (state == State.Valid)
        {
            state = ReadAttributeString(attribute, ref reader);
        }
        else if (state == State.Empty && attribute == Attribute.Subject)
        {
            _subjectProblem = OpaqueTextProblem.Empty;
            state = State.Invalid;
        }

        switch (attribute)
        {
            case Attribute.SpecVersion: _specVersion = state; break;
            case Attribute.Id: _id = state; break;
            case Attribute.Source: _source = state; break;
            case Attribute.Type: _type = state; break;
            case Attribute.Time: _time = state; break;
            case Attribute.TenantId: _tenantId = state; break;
            default: _subject = state; break;
        }
    }

    /// <summary>A context attribute's non-empty string at <paramref name="reader"/>'s position.</summary>
    private State ReadAttributeString(Attribute attribute, ref Utf8JsonReader reader) => attribute switch
    {
        Attribute.SpecVersion => ReadSpecVersion(ref reader),
        Attribute.Id => ReadId(ref reader),
        Attribute.Source => ReadSource(ref reader),
        Attribute.Type => ReadType(ref reader),
        Attribute.Time => ReadTime(ref reader),
        Attribute.TenantId => ReadTenantId(ref reader),
        _ => ReadSubject(ref reader),
    };

    private void ReadData(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                _dataState = State.Null;
                break;
            case JsonTokenType.StartObject when _typeValue is not null:
                // The type came first (the usual order): read data in the same pass.
                _dataValue = _data.Read(DataSchema.For(_typeValue), ref reader, _dataErrors);
                _dataState = State.Valid;
                break;
            case JsonTokenType.StartObject:
                _dataStart = checked((int)reader.TokenStartIndex);
                reader.Skip();
                _dataLength = checked((int)reader.BytesConsumed) - _dataStart;
                _dataState = State.Deferred;
                break;
            default:
                _dataState = State.WrongType;
                break;
        }
    }

    private State ReadSpecVersion(ref Utf8JsonReader reader) =>
        JsonText.TryGetUtf8(ref reader, ref _scratch, out var value) ? SpecVersionOf(value) : State.Invalid;

    private static State SpecVersionOf(ReadOnlySpan<byte> value) => value.SequenceEqual("1.0"u8) ? State.Valid : State.Invalid;

    private State ReadId(ref Utf8JsonReader reader)
    {
        // CloudEvents' String type excludes control characters and unpaired surrogates; the id also feeds EventKey.
        if (reader.ValueIsEscaped)
        {
            if (!JsonText.TryGetString(ref reader, out var id)
                || (OpaqueText.Inspect(id, int.MaxValue) & (OpaqueTextProblem.ControlCharacter | OpaqueTextProblem.UnpairedSurrogate)) != 0)
            {
                return State.Invalid;
            }

            _idValue = id;
            return State.Valid;
        }

        return IdAt(checked((int)reader.TokenStartIndex) + 1, reader.ValueSpan);
    }

    /// <summary>An id without escapes, <paramref name="value"/>, found at <paramref name="start"/> in the body.</summary>
    private State IdAt(int start, ReadOnlySpan<byte> value)
    {
        if (OpaqueText.HasControlUtf8(value))
        {
            return State.Invalid;
        }

        // Kept as a place in the body: the string is made only if the event is built.
        _idStart = start;
        _idLength = value.Length;
        return State.Valid;
    }

    private State ReadSource(ref Utf8JsonReader reader) =>
        JsonText.TryGetUtf8(ref reader, ref _scratch, out var value) ? SourceOf(value) : State.Invalid;

    private State SourceOf(ReadOnlySpan<byte> value)
    {
        if (_sources.TryGet(value, out var source))
        {
            (_sourceValue, _sourceUtf8) = source;
            return State.Valid;
        }

        if (!UriReference.IsValid(value))
        {
            return State.Invalid;
        }

        _sourceValue = _strings.Get(value);
        _sourceUtf8 = value.ToArray();
        _sources.Set(value, new SourceText(_sourceValue, _sourceUtf8));
        return State.Valid;
    }

    private State ReadType(ref Utf8JsonReader reader)
    {
        if (!JsonText.TryGetUtf8(ref reader, ref _scratch, out var value))
        {
            _typeText = "(not valid text)";
            return State.Invalid;
        }

        return TypeOf(value);
    }

    private State TypeOf(ReadOnlySpan<byte> value)
    {
        if (_types.TryGet(value, out var type))
        {
            _typeValue = type;
            return State.Valid;
        }

        Span<char> chars = stackalloc char[MaxTypeLength];
        if (value.Length <= MaxTypeLength
            && Ascii.ToUtf16(value, chars, out var written) == System.Buffers.OperationStatus.Done
            && EventCatalog.TryGet(chars[..written], out type))
        {
            _typeValue = type;
            _types.Set(value, type);
            return State.Valid;
        }

        _typeText = Encoding.UTF8.GetString(value.Length <= 200 ? value : value[..200]);
        return State.Invalid;
    }

    private State ReadTime(ref Utf8JsonReader reader) =>
        JsonText.TryGetUtf8(ref reader, ref _scratch, out var value) ? TimeOf(value) : State.Invalid;

    private State TimeOf(ReadOnlySpan<byte> value)
    {
        if (!Rfc3339Time.TryParse(value, ref _dates, out var time))
        {
            return State.Invalid;
        }

        _timeValue = time;
        return State.Valid;
    }

    private State ReadTenantId(ref Utf8JsonReader reader) =>
        JsonText.TryGetUtf8(ref reader, ref _scratch, out var value) ? TenantIdOf(value) : State.Invalid;

    private State TenantIdOf(ReadOnlySpan<byte> value)
    {
        if (_tenantsByName.TryGet(value, out var known))
        {
            _tenantValue = known;
            return State.Valid;
        }

        Span<char> chars = stackalloc char[MaxTenantIdLength];
        if (value.Length > MaxTenantIdLength
            || Ascii.ToUtf16(value, chars, out var written) != System.Buffers.OperationStatus.Done
            || !TenantId.IsValid(chars[..written]))
        {
            return State.Invalid;
        }

        if (_tenants.TryGet(chars[..written], out var tenant))
        {
            _tenantValue = tenant;
            _tenantsByName.Set(value, tenant);
        }
        else
        {
            _tenantText = chars[..written].ToString();
        }

        return State.Valid;
    }

    private State ReadSubject(ref Utf8JsonReader reader)
    {
        if (!JsonText.TryGetUtf8(ref reader, ref _scratch, out var utf8))
        {
            _subjectProblem = OpaqueTextProblem.UnpairedSurrogate;
            return State.Invalid;
        }

        return SubjectOf(utf8);
    }

    private State SubjectOf(ReadOnlySpan<byte> utf8)
    {
        // A subject too long to be interned (id -1) is never valid; an interned one's string is fetched from the table
        // when the event needs it (ReadEvent.Subject).
        (_subjectProblem, _subjectId) = _subjects.Intern(utf8, out _);
        return _subjectProblem == OpaqueTextProblem.None ? State.Valid : State.Invalid;
    }

    private void Validate(ReadOnlySpan<byte> body)
    {
        Check(_specVersion, "specversion", RejectionReason.UnsupportedSpecVersion, "specversion must be \"1.0\".");
        Check(_id, "id", RejectionReason.InvalidAttribute, "id must be a string without control characters or unpaired surrogates.");
        Check(_source, "source", RejectionReason.InvalidAttribute, "source must be a URI-reference (RFC 3986), such as https://lms.example/app or /apps/lms.");
        // The message names the rejected type: made only when there is one, not for every valid event.
        Check(_type, "type", RejectionReason.UnknownType, _type == State.Invalid ? $"'{_typeText}' is not a catalogued event type." : string.Empty);
        Check(_time, "time", RejectionReason.InvalidTime, "time must be an RFC 3339 date-time with an offset, such as 2025-03-30T01:30:00Z or 2025-03-30T03:30:00.5+02:00.");
        Check(_tenantId, "tenantid", RejectionReason.InvalidTenantId, "tenantid must match [a-z0-9][a-z0-9-]{0,62}.");
        CheckSubject();

        if (_tenantId == State.Valid && _tenantValue is null)
        {
            _errors.Add(new ValidationError(RejectionReason.UnknownTenant, "tenantid", $"Tenant '{_tenantText}' is not registered."));
        }

        if (_tenantValue is not null && _source == State.Valid && !Allows(_tenantValue, _sourceValue!))
        {
            _errors.Add(new ValidationError(RejectionReason.UnregisteredSource, "source",
                $"Source '{_sourceValue}' is not registered for tenant '{_tenantValue.Id}'."));
        }

        if (_tenantValue is not null && _sender is not null && !_tenantValue.Accepts(_sender))
        {
            _errors.Add(new ValidationError(RejectionReason.UnauthorizedSender, "tenantid",
                $"Sender '{_sender}' delivered this event, and tenant '{_tenantValue.Id}' does not list that sender."));
        }

        if (_time == State.Valid && _timeValue > _latestAcceptedTime)
        {
            _errors.Add(new ValidationError(RejectionReason.FutureTime, "time", string.Create(CultureInfo.InvariantCulture,
                $"time {_timeValue} is more than {FutureTolerance.TotalMinutes:0} minutes after the moment of ingest.")));
        }

        if (_time == State.Valid && _timeValue < _earliestAcceptedTime)
        {
            _errors.Add(new ValidationError(RejectionReason.TooOld, "time", string.Create(CultureInfo.InvariantCulture,
                $"time {_timeValue} is more than {_maximumAge.TotalDays:0} days before the moment of ingest (the oldest-event horizon, Ingest:MaxEventAgeDays).")));
        }

        if (_dataBase64)
        {
            _errors.Add(new ValidationError(RejectionReason.InvalidData, "data_base64", "Binary data (data_base64) is not accepted: data must be a JSON object."));
        }

        if (_dataState == State.WrongType)
        {
            _errors.Add(new ValidationError(RejectionReason.InvalidData, "data", "data must be a JSON object."));
        }
        else if (_typeValue is not null && _dataState == State.Deferred)
        {
            var reader = new Utf8JsonReader(body.Slice(_dataStart, _dataLength));
            reader.Read();
            _dataValue = _data.Read(DataSchema.For(_typeValue), ref reader, _dataErrors);
        }
        else if (_typeValue is not null && _dataState is State.Absent or State.Null)
        {
            _dataValue = _data.ReadAbsent(DataSchema.For(_typeValue), _dataErrors);
        }

        _errors.AddRange(_dataErrors);
    }

    private void Check(State state, string attribute, string invalidCode, string invalidMessage)
    {
        switch (state)
        {
            case State.Absent:
            case State.Null:
                _errors.Add(new ValidationError(RejectionReason.MissingAttribute, attribute, $"{attribute} is required."));
                break;
            case State.WrongType:
            case State.Empty:
                _errors.Add(new ValidationError(RejectionReason.InvalidAttribute, attribute, $"{attribute} must be a non-empty string."));
                break;
            case State.Invalid:
                _errors.Add(new ValidationError(invalidCode, attribute, invalidMessage));
                break;
        }
    }

    private void CheckSubject()
    {
        if (_subject != State.Invalid)
        {
            Check(_subject, "subject", RejectionReason.InvalidSubject, string.Empty);
            return;
        }

        if ((_subjectProblem & ~OpaqueTextProblem.TooLong) != 0)
        {
            _errors.Add(new ValidationError(RejectionReason.InvalidSubject, "subject",
                "subject must be 1 to 256 characters without control characters or unpaired surrogates."));
        }

        if ((_subjectProblem & OpaqueTextProblem.TooLong) != 0)
        {
            _errors.Add(new ValidationError(RejectionReason.SubjectTooLong, "subject",
                $"subject is longer than {MaxSubjectLength} characters (Unicode scalar values)."));
        }
    }

    private bool Allows(Tenant tenant, string source)
    {
        if (!ReferenceEquals(tenant, _allowsTenant) || !ReferenceEquals(source, _allowsSource))
        {
            _allowsTenant = tenant;
            _allowsSource = source;
            _allows = tenant.Allows(source);
        }

        return _allows;
    }

    /// <summary>A valid <c>source</c> and its UTF-8 bytes (unescaped), which event keys and identities hash.</summary>
    private sealed record SourceText(string Text, byte[] Utf8);

    private static Attribute Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("id"u8) => Attribute.Id,
        4 when name.SequenceEqual("type"u8) => Attribute.Type,
        4 when name.SequenceEqual("time"u8) => Attribute.Time,
        4 when name.SequenceEqual("data"u8) => Attribute.Data,
        6 when name.SequenceEqual("source"u8) => Attribute.Source,
        7 when name.SequenceEqual("subject"u8) => Attribute.Subject,
        8 when name.SequenceEqual("tenantid"u8) => Attribute.TenantId,
        11 when name.SequenceEqual("specversion"u8) => Attribute.SpecVersion,
        11 when name.SequenceEqual("data_base64"u8) => Attribute.DataBase64,
        _ => Attribute.Extension,
    };
}
