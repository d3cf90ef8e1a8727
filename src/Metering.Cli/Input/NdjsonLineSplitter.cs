using Metering.Domain.Events;

namespace Metering.Cli.Input;

/// <summary>
/// TEMPORARY, to be replaced at merge by the streaming batch reader of <c>src/Metering.Pipeline/Ingest/</c> (written
/// on the events branch), which also reads JSON arrays. Cuts an NDJSON stream into batches of raw events: one event
/// per line, the line's bytes exactly (without the line feed and a carriage return before it), position = line
/// number; empty lines are skipped but counted.
/// </summary>
public static class NdjsonLineSplitter
{
    /// <summary>The batches of <paramref name="stream"/>, each of at most <paramref name="batchSize"/> events.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<RawEvent>> ReadBatchesAsync(
        Stream stream, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batch = new List<RawEvent>();
        var line = new MemoryStream();
        var buffer = new byte[81920];
        long position = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                line.Write(buffer, start, i - start);
                start = i + 1;
                position++;
                if (Take(line, position) is { } raw)
                {
                    batch.Add(raw);
                    if (batch.Count == batchSize)
                    {
                        yield return batch;
                        batch = [];
                    }
                }
            }

            line.Write(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            position++;
            if (Take(line, position) is { } raw)
            {
                batch.Add(raw);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static RawEvent? Take(MemoryStream line, long position)
    {
        var bytes = line.ToArray();
        line.SetLength(0);
        var length = bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes.Length - 1 : bytes.Length;
        return length == 0 ? null : new RawEvent(bytes.AsMemory(0, length), position);
    }
}
