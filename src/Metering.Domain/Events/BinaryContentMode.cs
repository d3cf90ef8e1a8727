using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Metering.Domain.Events;

/// <summary>
/// CloudEvents binary content mode: the attributes travel as transport metadata (HTTP <c>ce-*</c> headers, AMQP
/// <c>cloudEvents:</c> or <c>cloudEvents_</c> application properties, Kafka <c>ce_</c> headers) and the transport body
/// is the event's <c>data</c>. Such an event is turned into the structured-mode JSON body the parser reads, at the edge
/// and once, so that it meets the same validation, the same rejection reasons and the same event key
/// (<c>source</c>, <c>id</c>) as a structured event, and so that the archive and the dead letters keep it whole, with
/// its attributes, replayable like any other body.
/// </summary>
/// <remarks>
/// The body becomes <c>data</c> when it is well-formed JSON and the content type is absent or a JSON media type; any
/// other body becomes <c>data_base64</c>, which the parser rejects as <see cref="RejectionReason.InvalidData"/> with the
/// bytes kept. The transport's content type becomes <c>datacontenttype</c>. An attribute given twice (for example under
/// both AMQP prefixes) is written twice, and the parser rejects the event as
/// <see cref="RejectionReason.DuplicateAttribute"/> rather than pick one.
/// </remarks>
public static class BinaryContentMode
{
    /// <summary>The prefix of an attribute header in the HTTP binding (header names are case-insensitive).</summary>
    public const string HttpHeaderPrefix = "ce-";

    /// <summary>The prefix of an attribute in the AMQP binding's application properties.</summary>
    public const string AmqpPropertyPrefix = "cloudEvents:";

    /// <summary>The AMQP binding's other prefix, for brokers whose property names cannot hold a colon.</summary>
    public const string AmqpPropertyAlternatePrefix = "cloudEvents_";

    /// <summary>The prefix of an attribute header in the Kafka binding.</summary>
    public const string KafkaHeaderPrefix = "ce_";

    /// <summary>The media type that announces a structured-mode event on any transport.</summary>
    public const string StructuredMediaType = "application/cloudevents+json";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The attribute name that a transport metadata name carries, or null when the name is not a CloudEvents attribute.
    /// </summary>
    public static string? AttributeName(string metadataName, string prefix)
    {
        ArgumentNullException.ThrowIfNull(metadataName);
        ArgumentNullException.ThrowIfNull(prefix);
        return metadataName.Length > prefix.Length && metadataName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? metadataName[prefix.Length..].ToLowerInvariant()
            : null;
    }

    /// <summary>True when <paramref name="contentType"/> announces a structured-mode event (the body is the whole event).</summary>
    public static bool IsStructured(string? contentType) =>
        MediaTypeOf(contentType) is { } type && type.StartsWith("application/cloudevents", StringComparison.Ordinal);

    /// <summary>
    /// The structured-mode JSON body of a binary-mode event: the attributes in the order given, then
    /// <c>datacontenttype</c> when the transport named one, then the body as <c>data</c> or <c>data_base64</c>
    /// (nothing when the body is empty).
    /// </summary>
    public static byte[] ToStructured(IReadOnlyList<KeyValuePair<string, JsonElement>> attributes, string? dataContentType, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var output = new ArrayBufferWriter<byte>(body.Length + 64 * (attributes.Count + 1));
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            if (dataContentType is not null)
            {
                writer.WriteString("datacontenttype", dataContentType);
            }

            if (!body.IsEmpty)
            {
                if (IsJsonMediaType(dataContentType) && IsWellFormedJson(body))
                {
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(body, skipInputValidation: true);
                }
                else
                {
                    writer.WriteBase64String("data_base64", body);
                }
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A string attribute value as a JSON value (HTTP headers and Kafka headers carry text only).
    /// </summary>
    public static JsonElement Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var output = new ArrayBufferWriter<byte>(value.Length + 2);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStringValue(value);
        }

        using var document = JsonDocument.Parse(output.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The attribute value an HTTP <c>ce-*</c> header carries (HTTP binding 1.0.2, section 3.1.3.2), or null when the
    /// binding requires the value to be rejected. A value that is one double-quoted string (senders of the binding before
    /// 1.0.2 quoted values with spaces or quotes) is first unquoted, its backslash escapes included. Then one round of
    /// percent-decoding: senders percent-encode what a header cannot carry (non-ASCII, <c>%</c>, <c>"</c>, space,
    /// controls) as UTF-8 octets, so each <c>%xx</c> becomes its octet and the octets are read as UTF-8; a <c>%</c> not
    /// followed by two hex digits is kept as it is. Null when the decoded octets are not UTF-8 (<c>%C0%A0</c>, an
    /// overlong space, or a truncated sequence): the binding says such a value MUST be rejected, so it is never guessed.
    /// </summary>
    public static string? PercentDecode(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var value = Unquoted(headerValue);
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        var utf8 = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'%' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                bytes.Add((byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add(utf8[i]);
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>True for an absent content type and for JSON media types (<c>application/json</c>, <c>text/json</c>, <c>*/*+json</c>).</summary>
    public static bool IsJsonMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return true;
        }

        var type = MediaTypeOf(contentType);
        return type is "application/json" or "text/json" || (type is not null && type.EndsWith("+json", StringComparison.Ordinal));
    }

    private static string? MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? contentType : contentType[..end]).Trim().ToLowerInvariant();
    }

    private static bool IsWellFormedJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0 && reader.CurrentDepth == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // RFC 9110 section 5.6.4: a quoted-string is DQUOTE *( qdtext / quoted-pair ) DQUOTE, and a quoted-pair
    // ("\" followed by one character) stands for that character. A value that is not exactly one quoted-string (an
    // unescaped quote inside, a backslash at the end) is taken as it is.
    private static string Unquoted(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var text = new StringBuilder(value.Length - 2);
        for (var i = 1; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 == value.Length - 1)
                {
                    return value;
                }

                c = value[++i];
            }
            else if (c == '"')
            {
                return value;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
