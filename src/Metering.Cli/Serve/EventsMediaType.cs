using Microsoft.Net.Http.Headers;

namespace Metering.Cli.Serve;

/// <summary>The three ways a request carries events (SPEC 3).</summary>
public enum EventsMediaType
{
    /// <summary><c>application/x-ndjson</c> (or <c>application/ndjson</c>): one event per line.</summary>
    Ndjson,

    /// <summary><c>application/cloudevents-batch+json</c>: a JSON array of events.</summary>
    Batch,

    /// <summary><c>application/cloudevents+json</c>: one event in structured mode.</summary>
    Single,
}

/// <summary>Reads the <c>Content-Type</c> of a request into an <see cref="EventsMediaType"/>.</summary>
public static class EventsMediaTypes
{
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
