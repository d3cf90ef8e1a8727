using System.Buffers;
using System.Text.Json;

namespace Metering.Domain.Events;

/// <summary>
/// The common case read in one pass over the bytes (docs/events.md, "Performance"; docs/performance.md, section 1): an event whose envelope is a
/// flat object of unescaped strings, whose <c>data</c> is an object or null, and that breaks no rule. It can only accept:
/// at the first thing it does not handle, or the first rule broken, it gives up and the full reader (a
/// <see cref="Utf8JsonReader"/> pass, which reports every problem) reads the event from the start, so what is rejected
/// and why is always the full reader's. What it accepts goes through the same checks as the full reader's: the
/// attribute readers below are shared (<see cref="SpecVersionOf"/>, <see cref="IdAt"/>, <see cref="SourceOf"/>,
/// <see cref="TypeOf"/>, <see cref="TimeOf"/>, <see cref="TenantIdOf"/>, <see cref="SubjectOf"/>), and <c>data</c> is
/// read by the same <see cref="EventDataReader"/> over its own bytes. Hand-written because the benchmark showed the
/// token reader alone costing more than a third of the planner's budget per event (IngestCpuBenchmarks).
/// </summary>
public sealed partial class CloudEventParser
{
    /// <summary>The <c>data</c> nesting the common reader follows: deeper objects are read by the full reader (its limit is 64).</summary>
    private const int MaxCommonDataDepth = 16;

    /// <summary>Extension attributes the common reader keeps apart to find a repeated one; an event with more is read in full.</summary>
    private const int MaxCommonExtensions = 8;

    private const int RequiredAttributes =
        (1 << (int)Attribute.SpecVersion) | (1 << (int)Attribute.Id) | (1 << (int)Attribute.Source) | (1 << (int)Attribute.Type)
        | (1 << (int)Attribute.Time) | (1 << (int)Attribute.TenantId) | (1 << (int)Attribute.Subject);

    /// <summary>What ends a string for the common reader: its closing quote, an escape, or a control character (never raw in JSON).</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>What matters inside <c>data</c> while finding its end: strings and brackets.</summary>
    private static readonly SearchValues<byte> DataStops = SearchValues.Create("\"{}[]"u8);

    private readonly (int Start, int Length)[] _commonExtensions = new (int, int)[MaxCommonExtensions];

    /// <summary>Whether the common reader may be used: tests turn it off to compare it with the full reader.</summary>
    internal bool CommonReader { get; init; } = true;

    /// <summary>How many events the common reader accepted (tests check that it is used).</summary>
    internal int CommonReads { get; private set; }

    /// <summary>
    /// Reads <paramref name="body"/> (well-formed UTF-8, within the size limit, state just reset) when it is a common
    /// event that breaks no rule, leaving the state <see cref="Read"/> takes; false when the full reader must decide.
    /// </summary>
    private bool TryReadCommon(ReadOnlySpan<byte> body)
    {
        var at = SkipSpace(body, 0);
        if (at >= body.Length || body[at] != (byte)'{')
        {
            return false;
        }

        at = SkipSpace(body, at + 1);
        var extensions = 0;
        var dataStart = -1;
        var dataEnd = -1;
        var subjectStart = -1;
        var subjectEnd = -1;
        var subjectEscaped = false;
        while (true)
        {
            // An empty object, a name with escapes or any other token is left to the full reader.
            if (!TryName(body, ref at, out var nameStart, out var name))
            {
                return false;
            }

            var attribute = Identify(name);
            if (attribute == Attribute.Extension)
            {
                if (extensions == MaxCommonExtensions || IsCommonRepeat(body, name, extensions) || !TrySkipScalar(body, ref at))
                {
                    return false;
                }

                _commonExtensions[extensions++] = (nameStart, name.Length);
            }
            else
            {
                var bit = 1 << (int)attribute;
                if ((_seen & bit) != 0 || attribute == Attribute.DataBase64)
                {
                    return false;
                }

                _seen |= bit;
                if (attribute == Attribute.Data)
                {
                    dataStart = at;
                    if (!TrySkipDataValue(body, ref at))
                    {
                        return false;
                    }

                    dataEnd = at;
                }
                else if (!TryString(body, ref at, out var start, out var escaped))
                {
                    return false;
                }
                else if (attribute == Attribute.Subject)
                {
                    // Interned last, once nothing else can make the reader give up: the subject table then holds what
                    // the full reader would have put in it, and no subject of a body the full reader stops reading first.
                    (subjectStart, subjectEnd, subjectEscaped) = (start, at - 1, escaped);
                }
                else if (!(escaped ? IsValidEscapedAttribute(attribute, body[(start - 1)..at]) : IsValidAttribute(attribute, start, body[start..(at - 1)])))
                {
                    return false;
                }
            }

            if (!TryNext(body, ref at, out var closed))
            {
                return false;
            }

            if (closed)
            {
                if (SkipSpace(body, at) != body.Length)
                {
                    return false;
                }

                break;
            }
        }

        if ((_seen & RequiredAttributes) != RequiredAttributes
            || _tenantValue is null
            || !Allows(_tenantValue, _sourceValue!)
            || (_sender is not null && !_tenantValue.Accepts(_sender))
            || _timeValue > _latestAcceptedTime
            || _timeValue < _earliestAcceptedTime)
        {
            return false;
        }

        var schema = DataSchema.For(_typeValue!);
        if (dataStart < 0 || body[dataStart] == (byte)'n')
        {
            _dataValue = _data.ReadAbsent(schema, _dataErrors);
            if (_dataErrors.Count != 0)
            {
                return false;
            }
        }
        else if (!TryReadCommonData(body[dataStart..dataEnd], schema))
        {
            return false;
        }

        return subjectEscaped
            ? IsValidEscapedAttribute(Attribute.Subject, body[(subjectStart - 1)..(subjectEnd + 1)])
            : IsValidAttribute(Attribute.Subject, subjectStart, body[subjectStart..subjectEnd]);
    }

    /// <summary>One attribute's string (unescaped, at <paramref name="start"/>), read by the full reader's rules; false unless valid.</summary>
    private bool IsValidAttribute(Attribute attribute, int start, ReadOnlySpan<byte> value) =>
        !value.IsEmpty
        && attribute switch
        {
            Attribute.SpecVersion => SpecVersionOf(value),
            Attribute.Id => IdAt(start, value),
            Attribute.Source => SourceOf(value),
            Attribute.Type => TypeOf(value),
            Attribute.Time => TimeOf(value),
            Attribute.TenantId => TenantIdOf(value),
            _ => SubjectOf(value),
        } == State.Valid;

    /// <summary>
    /// One attribute's string with escapes, <paramref name="token"/> with its quotes: unescaped by a
    /// <see cref="Utf8JsonReader"/> over the token alone and read by the full reader's own method for it.
    /// </summary>
    private bool IsValidEscapedAttribute(Attribute attribute, ReadOnlySpan<byte> token)
    {
        try
        {
            var reader = new Utf8JsonReader(token);
            reader.Read();
            return ReadAttributeString(attribute, ref reader) == State.Valid;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The <c>data</c> object read by the same data reader as the full reader's: member by member when it is flat (no
    /// escapes, numbers, arrays or objects inside), otherwise with a <see cref="Utf8JsonReader"/> over exactly its bytes.
    /// </summary>
    private bool TryReadCommonData(ReadOnlySpan<byte> data, DataSchema schema)
    {
        if (TryReadFlatData(data, schema))
        {
            return true;
        }

        _dataErrors.Clear();
        try
        {
            var reader = new Utf8JsonReader(data);
            reader.Read();
            _dataValue = _data.Read(schema, ref reader, _dataErrors);
            return _dataValue is not null && _dataErrors.Count == 0 && reader.BytesConsumed == data.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A flat <c>data</c> object (members of unescaped strings, <c>true</c>, <c>false</c> or <c>null</c>) that breaks no rule.</summary>
    private bool TryReadFlatData(ReadOnlySpan<byte> data, DataSchema schema)
    {
        _data.Begin(_dataErrors);
        var at = SkipSpace(data, 1);
        if (at < data.Length && data[at] == (byte)'}')
        {
            return at + 1 == data.Length && (_dataValue = _data.End(schema)) is not null && _dataErrors.Count == 0;
        }

        while (true)
        {
            if (!TryName(data, ref at, out _, out var name))
            {
                return false;
            }

            var rest = data[at..];
            JsonTokenType kind;
            var text = ReadOnlySpan<byte>.Empty;
            if (rest[0] == (byte)'"')
            {
                if (!TryString(data, ref at, out var start, out var escaped) || escaped)
                {
                    return false;
                }

                kind = JsonTokenType.String;
                text = data[start..(at - 1)];
            }
            else
            {
                (kind, var length) = rest.StartsWith("true"u8) ? (JsonTokenType.True, 4)
                    : rest.StartsWith("false"u8) ? (JsonTokenType.False, 5)
                    : rest.StartsWith("null"u8) ? (JsonTokenType.Null, 4)
                    : (JsonTokenType.None, 0);
                at += length;
                if (length == 0 || !EndsValue(data, at))
                {
                    return false;
                }
            }

            if (!_data.TryMember(schema, name, kind, text))
            {
                return false;
            }

            if (!TryNext(data, ref at, out var closed))
            {
                return false;
            }

            if (closed)
            {
                return at == data.Length && (_dataValue = _data.End(schema)) is not null && _dataErrors.Count == 0;
            }
        }
    }

    private bool IsCommonRepeat(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, int extensions)
    {
        foreach (var (start, length) in _commonExtensions.AsSpan(0, extensions))
        {
            if (body.Slice(start, length).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A member's name without escapes at <paramref name="at"/> (<paramref name="nameStart"/> is its first byte) and
    /// its colon, leaving <paramref name="at"/> on the member's value.
    /// </summary>
    private static bool TryName(ReadOnlySpan<byte> body, ref int at, out int nameStart, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!TryString(body, ref at, out nameStart, out var escaped) || escaped)
        {
            return false;
        }

        name = body[nameStart..(at - 1)];
        at = SkipSpace(body, at);
        if (at >= body.Length || body[at] != (byte)':')
        {
            return false;
        }

        at = SkipSpace(body, at + 1);
        return at < body.Length;
    }

    /// <summary>
    /// What follows a member's value: a comma (<paramref name="at"/> left on the next member) or the object's closing
    /// brace (<paramref name="closed"/>, <paramref name="at"/> left just after it); false for anything else.
    /// </summary>
    private static bool TryNext(ReadOnlySpan<byte> body, ref int at, out bool closed)
    {
        at = SkipSpace(body, at);
        closed = at < body.Length && body[at] == (byte)'}';
        if (at >= body.Length || (!closed && body[at] != (byte)','))
        {
            return false;
        }

        at = closed ? at + 1 : SkipSpace(body, at + 1);
        return true;
    }

    /// <summary>
    /// A string without raw control characters at <paramref name="at"/>, left just after its closing quote;
    /// <paramref name="start"/> is its first byte after the opening quote, and <paramref name="escaped"/> tells whether
    /// it holds escapes (which are not checked here: whoever reads its value unescapes it with a JSON reader).
    /// </summary>
    private static bool TryString(ReadOnlySpan<byte> body, ref int at, out int start, out bool escaped)
    {
        start = at + 1;
        escaped = false;
        if (at >= body.Length || body[at] != (byte)'"')
        {
            return false;
        }

        var next = start;
        while (true)
        {
            var length = body[next..].IndexOfAny(StringStops);
            if (length < 0)
            {
                return false;
            }

            next += length;
            if (body[next] == (byte)'"')
            {
                at = next + 1;
                return true;
            }

            if (body[next] != (byte)'\\')
            {
                return false;
            }

            escaped = true;
            next += 2;
            if (next >= body.Length)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// An extension's value: a string without escapes (its escapes are nobody's to check, so it is left to the full
    /// reader), <c>true</c>, <c>false</c> or <c>null</c>.
    /// </summary>
    private static bool TrySkipScalar(ReadOnlySpan<byte> body, ref int at)
    {
        var rest = body[at..];
        if (rest[0] == (byte)'"')
        {
            return TryString(body, ref at, out _, out var escaped) && !escaped;
        }

        var literal = rest.StartsWith("true"u8) ? 4 : rest.StartsWith("false"u8) ? 5 : rest.StartsWith("null"u8) ? 4 : 0;
        at += literal;
        return literal > 0 && EndsValue(body, at);
    }

    /// <summary>
    /// <c>data</c>'s value: <c>null</c>, or an object whose end is found by its brackets outside strings; whether its
    /// inside is well-formed JSON is the data reader's to say (<see cref="TryReadCommonData"/>).
    /// </summary>
    private static bool TrySkipDataValue(ReadOnlySpan<byte> body, ref int at)
    {
        if (body[at..].StartsWith("null"u8))
        {
            at += 4;
            return EndsValue(body, at);
        }

        if (body[at] != (byte)'{')
        {
            return false;
        }

        var depth = 0;
        while (true)
        {
            var next = body[at..].IndexOfAny(DataStops);
            if (next < 0)
            {
                return false;
            }

            at += next;
            switch (body[at])
            {
                case (byte)'"':
                    // Stepped over whole: an escaped quote inside a string would otherwise end it, and its brackets count.
                    at++;
                    while (true)
                    {
                        var end = body[at..].IndexOfAny((byte)'"', (byte)'\\');
                        if (end < 0)
                        {
                            return false;
                        }

                        at += end;
                        if (body[at] == (byte)'"')
                        {
                            break;
                        }

                        at += 2;
                        if (at >= body.Length)
                        {
                            return false;
                        }
                    }

                    at++;
                    break;
                case (byte)'{' or (byte)'[':
                    if (++depth > MaxCommonDataDepth)
                    {
                        return false;
                    }

                    at++;
                    break;
                default:
                    at++;
                    if (--depth == 0)
                    {
                        return true;
                    }

                    break;
            }
        }
    }

    /// <summary>Whether a literal ends where a value may end (not <c>nullx</c> or <c>true1</c>).</summary>
    private static bool EndsValue(ReadOnlySpan<byte> body, int at) =>
        at >= body.Length || body[at] is (byte)',' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static int SkipSpace(ReadOnlySpan<byte> body, int at)
    {
        while (at < body.Length && body[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }
}
