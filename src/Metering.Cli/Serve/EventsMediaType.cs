using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Metering.Cli.Serve;

/// <summary>The ways a request carries events (docs/events.md; the CloudEvents HTTP binding's content modes).</summary>
public enum EventsMediaType
{
    /// <summary><c>application/x-ndjson</c> (or <c>application/ndjson</c>): one event per line.</summary>
    Ndjson,

    /// <summary><c>application/cloudevents-batch+json</c>: a JSON array of events.</summary>
    Batch,

    /// <summary><c>application/cloudevents+json</c>: one event in structured mode.</summary>
    Single,

    /// <summary>
    /// One event in binary mode: its attributes in <c>ce-*</c> headers, the body its <c>data</c>, the
    /// <c>Content-Type</c> (any, or none) its <c>datacontenttype</c> (<see cref="CloudEventHeaders"/>).
    /// </summary>
    Binary,
}

/// <summary>Reads the <c>Content-Type</c> (and the <c>ce-specversion</c> header) of a request into an <see cref="EventsMediaType"/>.</summary>
public static class EventsMediaTypes
{
    /// <summary>
    /// How the request carries events: <see cref="EventsMediaType.Binary"/> when it announces binary mode
    /// (<see cref="CloudEventHeaders.AnnounceBinaryMode"/>), else what its <c>Content-Type</c> announces, or null when
    /// that is none of the formats.
    /// </summary>
    public static EventsMediaType? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CloudEventHeaders.AnnounceBinaryMode(request) ? EventsMediaType.Binary : Of(request.ContentType);
    }

    /// <summary>The format a <c>Content-Type</c> header announces, or null when it is none of them or not UTF-8.</summary>
    public static EventsMediaType? Of(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        if (parsed.Charset.HasValue && !parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = parsed.MediaType.Value?.ToLowerInvariant();
        return type switch
        {
            "application/x-ndjson" or "application/ndjson" => EventsMediaType.Ndjson,
            "application/cloudevents-batch+json" => EventsMediaType.Batch,
            "application/cloudevents+json" => EventsMediaType.Single,
            _ => null,
        };
    }
}
