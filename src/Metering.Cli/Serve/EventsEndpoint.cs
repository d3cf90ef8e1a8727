using System.Buffers;
using System.Text.Json;
using Metering.Cli.Failures;
using Metering.Domain.Events;
using Metering.Hosting.Settings;
using Metering.Pipeline.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Cli.Serve;

/// <summary>
/// <c>POST /events</c>: runs the ingest handler over the events of one request and answers what became of each.
/// The body is read into memory up to <see cref="ServeOptions.MaxRequestBytes"/> before anything is ingested, so
/// that a refused body (413) has stored nothing and the client can split and resend it; a declared length over the
/// limit is refused before reading any of it. A storage failure answers 503 with <c>Retry-After</c>: batches stored
/// before it are recognised by their markers when the client resends, so nothing counts twice.
/// </summary>
/// <remarks>
/// A request carries events in one of the formats of <see cref="EventsMediaType"/>. One in CloudEvents binary mode
/// (a <c>ce-specversion</c> header, a <c>Content-Type</c> that is not <c>application/cloudevents...</c>) is one event:
/// its <c>ce-*</c> headers, its <c>Content-Type</c> and its body, of any media type and empty or not, become the
/// structured body <see cref="BinaryContentMode.ToStructured"/> writes, which is ingested, archived and dead-lettered
/// as a structured event at position 1 would be: the same checks, the same reasons, the same event key. Anything
/// else is answered 415.
/// </remarks>
public sealed partial class EventsEndpoint(IngestHandler handler, MeteringSettings settings, ServeOptions options, IClock clock, ILogger<EventsEndpoint> logger)
{
    private const int ReadSize = 64 * 1024;

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (EventsMediaTypes.Of(request) is not { } mediaType)
        {
            await RequestProblem.UnsupportedMediaType(request.ContentType).WriteAsync(context.Response, cancellationToken);
            return;
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            await RequestProblem.TooLarge(options.MaxRequestBytes).WriteAsync(context.Response, cancellationToken);
            return;
        }

        IReadOnlyList<KeyValuePair<string, JsonElement>> attributes = [];
        if (mediaType == EventsMediaType.Binary)
        {
            (attributes, var undecodable) = CloudEventHeaders.Read(request.Headers);
            if (undecodable.Count > 0)
            {
                await RequestProblem.UndecodableHeaders(undecodable).WriteAsync(context.Response, cancellationToken);
                return;
            }
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            await RequestProblem.TooLarge(options.MaxRequestBytes).WriteAsync(context.Response, cancellationToken);
            return;
        }

        if (mediaType == EventsMediaType.Binary)
        {
            // The body is the event's data, whatever it holds (nothing, text, JSON): the parser judges the event.
            body = BinaryContentMode.ToStructured(attributes, string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType, body);
        }
        else if (Unusable(body, mediaType) is { } problem)
        {
            await problem.WriteAsync(context.Response, cancellationToken);
            return;
        }

        var answer = new IngestAnswer();
        try
        {
            await foreach (var batch in BatchesOf(body, mediaType, cancellationToken))
            {
                // The receipt is taken once per batch, as every host takes it: it decides the future-time check and the blob day.
                answer.Add(batch, await handler.HandleBatchAsync(batch, clock.GetCurrentInstant(), cancellationToken));
            }
        }
        catch (Exception e) when (CommandFailures.IsStorageFailure(e))
        {
            LogStorageFailure(logger, e, answer.Received);
            await RequestProblem.StorageUnavailable(options.RetryAfter).WriteAsync(context.Response, cancellationToken);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await answer.WriteAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>The body, or null as soon as it passes the limit (the rest is never read).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.MaxRequestBytes;
        using var body = new MemoryStream((int)Math.Min(request.ContentLength ?? ReadSize, limit));
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken)) > 0)
            {
                if (body.Length + read > limit)
                {
                    return null;
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return body.ToArray();
    }

    private static RequestProblem? Unusable(byte[] body, EventsMediaType mediaType)
    {
        var content = body.AsSpan();
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        var first = content.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return RequestProblem.Unusable("The body holds no event.");
        }

        return (mediaType, content[first]) switch
        {
            (EventsMediaType.Batch, not (byte)'[') => RequestProblem.Unusable("An application/cloudevents-batch+json body is a JSON array of events."),
            (EventsMediaType.Ndjson, (byte)'[') => RequestProblem.Unusable("An application/x-ndjson body has one event object per line; send a JSON array as application/cloudevents-batch+json."),
            _ => null,
        };
    }

    private async IAsyncEnumerable<IReadOnlyList<RawEvent>> BatchesOf(
        byte[] body, EventsMediaType mediaType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (mediaType is EventsMediaType.Single or EventsMediaType.Binary)
        {
            // One structured event may be pretty-printed over many lines: it is one body, never split.
            var start = body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            yield return [new RawEvent(body.AsMemory(start), 1)];
            yield break;
        }

        using var stream = new MemoryStream(body, writable: false);
        await foreach (var batch in EventBatchReader.ReadAsync(stream, settings.IngestBatchSize, cancellationToken))
        {
            yield return batch;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage failed while ingesting a request ({Received} events recorded before the failure); answered 503.")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, long received);
}
