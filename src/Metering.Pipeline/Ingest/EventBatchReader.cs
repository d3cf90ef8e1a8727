using System.Runtime.CompilerServices;
using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// Reads a file or request body of events in batches, with memory bounded by the batch size and the per-event cap
/// whatever the input's size (docs/events.md: an NDJSON file or a JSON array). The format is decided by the first
/// byte that is not whitespace: <c>[</c> starts a JSON array (<c>application/cloudevents-batch+json</c>), anything
/// else is NDJSON. A UTF-8 byte order mark at the very start of the input is skipped: it marks the file's
/// encoding and belongs to no event. Bodies are otherwise the exact bytes received (see
/// <see cref="NdjsonSplitter"/> and <see cref="JsonArraySplitter"/> for positions and malformed arrays).
/// </summary>
public static class EventBatchReader
{
    /// <summary>
    /// The default hard cap on the bytes kept of one event: 1 MiB. Longer events are kept cut to it, with
    /// <see cref="RawEvent.OriginalLength"/> set, and are rejected as too large (the limit is 256 KiB). Every host
    /// cuts at it: this reader for a line or an element, <c>metering serve</c> for one structured or binary-mode event,
    /// the Functions app for each Event Hubs message (<see cref="RawEvent.CutTo"/>).
    /// </summary>
    public const int DefaultMaxEventBytes = 1 << 20;

    private const int ReadSize = 64 * 1024;

    /// <summary>Reads <paramref name="input"/> to its end in batches of at most <paramref name="maxEventsPerBatch"/> events.</summary>
    public static IAsyncEnumerable<IReadOnlyList<RawEvent>> ReadAsync(Stream input, int maxEventsPerBatch, CancellationToken cancellationToken) =>
        ReadAsync(input, maxEventsPerBatch, DefaultMaxEventBytes, cancellationToken);

    /// <summary>
    /// Reads <paramref name="input"/> to its end in batches of at most <paramref name="maxEventsPerBatch"/> events,
    /// keeping at most <paramref name="maxEventBytes"/> bytes of each (more than <see cref="CloudEventParser.MaxBodyBytes"/>,
    /// so that a cut event is always one that is too large anyway).
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<RawEvent>> ReadAsync(
        Stream input,
        int maxEventsPerBatch,
        int maxEventBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventsPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxEventBytes, CloudEventParser.MaxBodyBytes);

        var buffer = new byte[ReadSize];
        var pending = new List<RawEvent>();
        var lines = new NdjsonSplitter(maxEventBytes);
        IEventSplitter? splitter = null;
        var first = true;
        int read;
        while ((read = await ReadChunkAsync(input, buffer, first, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            if (first)
            {
                first = false;
                if (chunk.StartsWith("\uFEFF"u8))
                {
                    chunk = chunk[3..];
                }
            }

            splitter = Feed(splitter, lines, maxEventBytes, chunk, pending);
            while (pending.Count >= maxEventsPerBatch)
            {
                yield return Take(pending, maxEventsPerBatch);
            }
        }

        (splitter ?? lines).Complete(pending);
        while (pending.Count > 0)
        {
            yield return Take(pending, Math.Min(maxEventsPerBatch, pending.Count));
        }
    }

    /// <summary>
    /// Until the format is known, leading whitespace goes to the NDJSON splitter (blank lines still count as
    /// lines); the first other byte decides.
    /// </summary>
    private static IEventSplitter? Feed(IEventSplitter? splitter, NdjsonSplitter lines, int maxEventBytes, ReadOnlySpan<byte> chunk, List<RawEvent> pending)
    {
        if (splitter is null)
        {
            var start = chunk.IndexOfAnyExcept(" \t\r\n"u8);
            if (start < 0)
            {
                lines.Feed(chunk, pending);
                return null;
            }

            if (chunk[start] == '[')
            {
                splitter = new JsonArraySplitter(maxEventBytes);
                chunk = chunk[start..];
            }
            else
            {
                splitter = lines;
            }
        }

        splitter.Feed(chunk, pending);
        return splitter;
    }

    private static RawEvent[] Take(List<RawEvent> pending, int count)
    {
        var batch = pending.GetRange(0, count).ToArray();
        pending.RemoveRange(0, count);
        return batch;
    }

    /// <summary>Reads the next piece; the first read gathers at least three bytes (or the whole input) so that a byte order mark is seen whole.</summary>
    private static async ValueTask<int> ReadChunkAsync(Stream input, byte[] buffer, bool first, CancellationToken cancellationToken)
    {
        var total = 0;
        do
        {
            var read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return total;
            }

            total += read;
        }
        while (first && total < 3);

        return total;
    }
}
