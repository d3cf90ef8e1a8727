using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Microsoft.AspNetCore.Http;

namespace Metering.Cli.Serve;

/// <summary>
/// The attributes of an event sent in CloudEvents binary content mode (HTTP binding 1.0.2, section 3.1): every
/// <c>ce-*</c> header is the attribute named by the rest of its name, its value decoded by
/// <see cref="BinaryContentMode.PercentDecode"/>. A header given more than once (under any letter case) gives its
/// attribute once per value, so that the parser rejects the event as <see cref="RejectionReason.DuplicateAttribute"/>
/// rather than pick one.
/// </summary>
/// <remarks>
/// The binding has senders percent-encode every character outside printable ASCII, but not every sender does: the
/// official JavaScript SDK (<c>cloudevents</c> 10.0.0) writes attribute values into headers as they are, and Node's
/// HTTP clients send each character up to U+00FF as one octet (ISO-8859-1) and refuse any other. Kestrel reads header
/// octets as UTF-8 and answers 400 to anything else, so it hands the <c>ce-*</c> headers over octet for octet
/// (<see cref="HeaderEncoding"/>) and their text is decided here: the octets read as UTF-8 when they are UTF-8, else
/// as ISO-8859-1, what such octets meant in HTTP/1.1 before RFC 9110 made them opaque. A subject like <c>zoë</c> from
/// that SDK is thus read as sent; a character beyond U+00FF can only come percent-encoded.
/// </remarks>
public static class CloudEventHeaders
{
    /// <summary>The header that announces binary mode, unless the content type is a CloudEvents event format.</summary>
    public const string SpecVersionHeader = "ce-specversion";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// True when the request carries one event in binary content mode: it has a <c>ce-specversion</c> header and its
    /// <c>Content-Type</c> (any, or none) does not start with <c>application/cloudevents</c>, which announces the
    /// structured and batched modes whatever the headers say (HTTP binding, section 3).
    /// </summary>
    public static bool AnnounceBinaryMode(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(SpecVersionHeader) && !BinaryContentMode.IsStructured(request.ContentType);
    }

    /// <summary>
    /// The encoding Kestrel reads a request header's octets with: ISO-8859-1 for a <c>ce-*</c> header (one character
    /// per octet, nothing refused), null (Kestrel's UTF-8) for every other header.
    /// </summary>
    public static Encoding? HeaderEncoding(string headerName) =>
        BinaryContentMode.AttributeName(headerName, BinaryContentMode.HttpHeaderPrefix) is null ? null : Encoding.Latin1;

    /// <summary>
    /// The attributes of the <c>ce-*</c> headers in the order received, and the names of the headers whose value the
    /// binding requires to be rejected (percent-encoded octets that are not UTF-8); the event is only usable when
    /// there are none.
    /// </summary>
    public static (IReadOnlyList<KeyValuePair<string, JsonElement>> Attributes, IReadOnlyList<string> Undecodable) Read(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var attributes = new List<KeyValuePair<string, JsonElement>>();
        var undecodable = new List<string>();
        foreach (var (name, values) in headers)
        {
            if (BinaryContentMode.AttributeName(name, BinaryContentMode.HttpHeaderPrefix) is not { } attribute)
            {
                continue;
            }

            foreach (var octets in values)
            {
                if (BinaryContentMode.PercentDecode(TextOf(octets ?? string.Empty)) is { } value)
                {
                    attributes.Add(new(attribute, BinaryContentMode.Text(value)));
                }
                else
                {
                    undecodable.Add(name);
                }
            }
        }

        return (attributes, undecodable);
    }

    /// <summary>
    /// The text of a header value Kestrel read as ISO-8859-1 (one character per octet): the octets as UTF-8 when they
    /// are UTF-8, else the ISO-8859-1 characters themselves. A value with a character beyond U+00FF was not read octet
    /// for octet and is already text.
    /// </summary>
    public static string TextOf(string octets)
    {
        ArgumentNullException.ThrowIfNull(octets);
        var span = octets.AsSpan();
        if (!span.ContainsAnyExceptInRange('\0', '\u007F') || span.ContainsAnyExceptInRange('\0', '\u00FF'))
        {
            return octets;
        }

        try
        {
            return StrictUtf8.GetString(Encoding.Latin1.GetBytes(octets));
        }
        catch (DecoderFallbackException)
        {
            return octets;
        }
    }
}
