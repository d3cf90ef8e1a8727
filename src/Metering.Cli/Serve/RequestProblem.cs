using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Metering.Cli.Serve;

/// <summary>
/// The one place that turns what went wrong with a request into an HTTP answer (RFC 9457 problem details). Bad
/// events are not problems of the request: they are dead-lettered and listed in a 200 answer.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">A short, stable summary of the kind of problem.</param>
/// <param name="Detail">What exactly was wrong with this request.</param>
/// <param name="RetryAfter">When set, the client should resend after this long (the <c>Retry-After</c> header).</param>
public sealed record RequestProblem(int Status, string Title, string Detail, TimeSpan? RetryAfter = null)
{
    // JSON answers, not HTML: quotes and non-ASCII subjects stay readable.
    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body is over the size limit (413); it was not read past the limit.</summary>
    public static RequestProblem TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            string.Create(CultureInfo.InvariantCulture, $"The body exceeds {limit} bytes; split the events over several requests."));

    /// <summary>The request is in none of the event formats and not in binary mode (415).</summary>
    public static RequestProblem UnsupportedMediaType(string? given) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Content-Type '{given}' is not accepted; send application/x-ndjson, application/cloudevents-batch+json or application/cloudevents+json (UTF-8), " +
            "or one event in CloudEvents binary mode (its attributes in ce-* headers, ce-specversion included, and its data as the body).");

    /// <summary>
    /// A binary-mode header whose percent-encoded octets are not UTF-8 (400): the HTTP binding requires the event to
    /// be rejected, and no attribute value is guessed.
    /// </summary>
    public static RequestProblem UndecodableHeaders(IEnumerable<string> headers) =>
        new(StatusCodes.Status400BadRequest, "Unusable request",
            $"The value of {string.Join(", ", headers.Distinct(StringComparer.OrdinalIgnoreCase).Select(h => $"'{h}'"))} is not percent-encoded UTF-8 (CloudEvents HTTP binding, section 3.1.3.2).");

    /// <summary>The body cannot be read as the events its content type announces (400).</summary>
    public static RequestProblem Unusable(string detail) =>
        new(StatusCodes.Status400BadRequest, "Unusable request", detail);

    /// <summary>Storage failed while ingesting (503): resending the same body is safe, ingest is idempotent.</summary>
    public static RequestProblem StorageUnavailable(TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
            "Storage failed while recording the events. Resend the same request: events already recorded are recognised and not counted twice.",
            retryAfter);

    /// <summary>
    /// Every request slot stayed taken for the whole wait (503); the body was not read and nothing was stored, so the
    /// same request can be resent as it is.
    /// </summary>
    public static RequestProblem Busy(int slots, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, "Too many concurrent requests",
            string.Create(CultureInfo.InvariantCulture, $"{slots} requests are already being read; nothing of this one was read or stored. Resend it after the Retry-After delay."),
            retryAfter);

    /// <summary>
    /// The Host header names something other than this loopback service (400): a browser page whose name was made to
    /// resolve to 127.0.0.1 (DNS rebinding) would send its own name, so such requests are not served.
    /// </summary>
    public static RequestProblem ForeignHost(string? host) =>
        new(StatusCodes.Status400BadRequest, "Host not served",
            $"Host '{host}' is not a loopback name; serve answers only requests addressed to localhost, 127.x.x.x or [::1].");

    /// <summary>Writes the problem as the response.</summary>
    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = Status;
        response.ContentType = "application/problem+json";
        if (RetryAfter is { } after)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // Nothing more of a refused body will be read: the connection is not kept for another request.
        response.Headers.Connection = "close";
        await using var writer = new Utf8JsonWriter(response.Body, Readable);
        writer.WriteStartObject();
        writer.WriteNumber("status", Status);
        writer.WriteString("title", Title);
        writer.WriteString("detail", Detail);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}
