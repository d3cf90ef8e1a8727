using System.Buffers;
using System.Globalization;
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
/// else is answered 415. One event, structured or binary, is kept up to the hard cap
/// (<see cref="EventBatchReader.DefaultMaxEventBytes"/>) as a line of a batch is: a longer one is archived and
/// dead-lettered as its first bytes with its original length.
/// <para>
/// A body that does not have the shape its content type announces is refused with 400 before anything is stored: an
/// empty one; an array sent as NDJSON; anything but an array sent as a batch; an array, or a JSON value followed by
/// more than whitespace (several NDJSON lines), sent as one event. A body of the right shape is ingested, and each
/// event in it that is bad (a line that is no event, a broken array's remainder, one malformed event) is
/// dead-lettered with its reasons.
/// </para>
/// <para>
/// At most <see cref="ServeOptions.MaxConcurrentRequests"/> requests read and hold a body at once: one that finds no
/// slot within <see cref="ServeOptions.RequestSlotWait"/> is answered 503 with <c>Retry-After</c> before any of its
/// body is read, so the memory bodies take is bounded by the slots times the size limit.
/// </para>
/// </remarks>
public sealed partial class EventsEndpoint(
    IngestHandler handler, MeteringSettings settings, ServeOptions options, IClock clock, RequestSlots slots, RequestRefusals refusals, ILogger<EventsEndpoint> logger)
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
            await refusals.RefuseAsync(context, RequestProblem.UnsupportedMediaType(request.ContentType));
            return;
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            await refusals.RefuseAsync(context, RequestProblem.TooLarge(options.MaxRequestBytes));
            return;
        }

        if (!await slots.EnterAsync(cancellationToken))
        {
            await refusals.RefuseAsync(context, slots.Busy);
            return;
        }

        try
        {
            await HandleInSlotAsync(context, mediaType);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task HandleInSlotAsync(HttpContext context, EventsMediaType mediaType)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        IReadOnlyList<KeyValuePair<string, JsonElement>> attributes = [];
        if (mediaType == EventsMediaType.Binary)
        {
            (attributes, var undecodable) = CloudEventHeaders.Read(request.Headers);
            if (undecodable.Count > 0)
            {
                await refusals.RefuseAsync(context, RequestProblem.UndecodableHeaders(undecodable));
                return;
            }
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            await refusals.RefuseAsync(context, RequestProblem.TooLarge(options.MaxRequestBytes));
            return;
        }

        if (mediaType == EventsMediaType.Binary)
        {
            // The body is the event's data, whatever it holds (nothing, text, JSON): the parser judges the event.
            body = BinaryContentMode.ToStructured(attributes, string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType, body);
        }
        else if (Unusable(body, mediaType) is { } problem)
        {
            await refusals.RefuseAsync(context, problem);
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
            // LogStorageFailure is this request's one line (with the exception); it is not logged again as a refusal.
            await RequestProblem.StorageUnavailable(options.RetryAfter).WriteAsync(context.Response, cancellationToken);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await answer.WriteAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>The body, or null as soon as it passes the limit (the rest is never read).</summary>
    /// <remarks>
    /// A declared length is read straight into an array of that size: no growing copy, and nothing held after the
    /// request but that array, which the request owns. A body of unknown length is read into 64 KiB pooled pieces and
    /// copied once into an array of its size; the pieces go back to the pool, so no large buffer outlives the request.
    /// </remarks>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.ContentLength is { } length
                ? await ReadDeclaredAsync(request.Body, (int)length, cancellationToken)
                : await ReadUndeclaredAsync(request.Body, options.MaxRequestBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    // The length is at most MaxRequestBytes (checked before), which the command keeps under 2^30.
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var content = length == 0 ? [] : new byte[length];
        await body.ReadExactlyAsync(content, cancellationToken);
        return content;
    }

    private static async Task<byte[]?> ReadUndeclaredAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var pieces = new List<(byte[] Buffer, int Length)>();
        try
        {
            long total = 0;
            while (true)
            {
                var piece = ArrayPool<byte>.Shared.Rent(ReadSize);
                var filled = 0;
                int read;
                while (filled < ReadSize && (read = await body.ReadAsync(piece.AsMemory(filled, ReadSize - filled), cancellationToken)) > 0)
                {
                    filled += read;
                }

                pieces.Add((piece, filled));
                total += filled;
                if (total > limit)
                {
                    return null;
                }

                if (filled < ReadSize)
                {
                    break;
                }
            }

            var content = new byte[total];
            var at = 0;
            foreach (var (buffer, length) in pieces)
            {
                buffer.AsSpan(0, length).CopyTo(content.AsSpan(at));
                at += length;
            }

            return content;
        }
        finally
        {
            foreach (var (buffer, _) in pieces)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Why a body cannot be read as the events its content type announces (400, nothing stored), or null when it can;
    /// docs/operations.md lists each case. Only the shape is judged here: a body of the right shape whose events are
    /// bad is ingested, and those events are dead-lettered with their reasons.
    /// </summary>
    private static RequestProblem? Unusable(byte[] body, EventsMediaType mediaType)
    {
        var bom = body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var content = body.AsSpan(bom);
        var first = content.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return RequestProblem.Unusable("The body holds no event.");
        }

        return (mediaType, content[first]) switch
        {
            (EventsMediaType.Batch, not (byte)'[') => RequestProblem.Unusable("An application/cloudevents-batch+json body is a JSON array of events."),
            (EventsMediaType.Ndjson, (byte)'[') => RequestProblem.Unusable("An application/x-ndjson body has one event object per line; send a JSON array as application/cloudevents-batch+json."),
            (EventsMediaType.Single, (byte)'[') => RequestProblem.Unusable("An application/cloudevents+json body is one event object; send a JSON array as application/cloudevents-batch+json."),
            (EventsMediaType.Single, _) when MoreAfterFirstValue(content) is { } at => RequestProblem.Unusable(string.Create(CultureInfo.InvariantCulture,
                $"An application/cloudevents+json body is one event, but more than whitespace follows its first JSON value (at byte offset {bom + at}); send several events as application/x-ndjson (one a line) or application/cloudevents-batch+json (a JSON array).")),
            _ => null,
        };
    }

    /// <summary>
    /// Where something other than whitespace follows the first JSON value of <paramref name="content"/>, or null when
    /// nothing does, or when that value cannot be delimited (a JSON syntax error, or nesting deeper than the parser's
    /// 64): where it ends cannot be told then, and the body is one malformed event for the parser to reject. Bytes
    /// inside strings are not checked here (the reader delimits a string with invalid UTF-8 all the same).
    /// </summary>
    private static long? MoreAfterFirstValue(ReadOnlySpan<byte> content)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!reader.Read() || !reader.TrySkip())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        var end = reader.BytesConsumed;
        var next = content[(int)end..].IndexOfAnyExcept(" \t\r\n"u8);
        return next < 0 ? null : end + next;
    }

    private async IAsyncEnumerable<IReadOnlyList<RawEvent>> BatchesOf(
        byte[] body, EventsMediaType mediaType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (mediaType is EventsMediaType.Single or EventsMediaType.Binary)
        {
            // One structured event may be pretty-printed over many lines: it is one body, never split. It is cut at
            // the hard cap as the reader cuts a line, so that a rejected event stores at most the cap wherever it came from.
            var start = body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            yield return [new RawEvent(body.AsMemory(start), 1).CutTo(EventBatchReader.DefaultMaxEventBytes)];
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
