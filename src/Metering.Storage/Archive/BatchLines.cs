using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Formats;

namespace Metering.Storage.Archive;

/// <summary>The parts of a per-batch NDJSON blob shared by the archive and the dead-letter store.</summary>
internal static class BatchLines
{
    /// <summary>The sender that delivered a body; written only for bodies that have one, so older lines read as before.</summary>
    public const string SenderProperty = "sender";

    /// <summary>The length of a body cut at the hard cap, of which the line keeps the first bytes; written only for such bodies.</summary>
    public const string OriginalLengthProperty = "originalLength";

    /// <summary>Writes <c>position</c>, <c>partition</c> and <c>sequenceNumber</c> (null when absent), and <c>sender</c> when there is one.</summary>
    public static void WriteOrigin(Utf8JsonWriter w, RawEvent e)
    {
        w.WriteNumber("position", e.Position);
        w.WriteNullableString("partition", e.Partition);
        w.WriteNullableNumber("sequenceNumber", e.SequenceNumber);
        w.WriteOptionalString(SenderProperty, e.Sender);
    }

    /// <summary>Writes <c>originalLength</c> when <paramref name="e"/> was cut at the hard cap (<see cref="RawEvent.OriginalLength"/>).</summary>
    public static void WriteOriginalLength(Utf8JsonWriter w, RawEvent e)
    {
        if (e.OriginalLength is { } originalLength)
        {
            w.WriteNumber(OriginalLengthProperty, originalLength);
        }
    }

    /// <summary>The non-empty lines of an NDJSON blob.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> content)
    {
        while (!content.IsEmpty)
        {
            var end = content.Span.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? ReadOnlyMemory<byte>.Empty : content[(end + 1)..];
            if (!line.IsEmpty)
            {
                yield return line;
            }
        }
    }
}
