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

    /// <summary>
    /// The event of one line, as <see cref="WriteOrigin"/>, <see cref="WriteOriginalLength"/> and the <c>body</c> wrote
    /// it: the body byte for byte, its origin, and the length received when it was cut. Lines written before
    /// <c>originalLength</c> or <c>sender</c> existed have neither: whole bodies, with no sender.
    /// </summary>
    public static RawEvent ReadEvent(JsonElement line) =>
        new(
            line.GetProperty("body").GetBytesFromBase64(),
            line.GetProperty("position").GetInt64(),
            line.GetProperty("partition").ValueKind == JsonValueKind.Null ? null : line.GetProperty("partition").GetString(),
            line.GetProperty("sequenceNumber").ValueKind == JsonValueKind.Null ? null : line.GetProperty("sequenceNumber").GetInt64())
        {
            OriginalLength = line.TryGetProperty(OriginalLengthProperty, out var length) ? length.GetInt64() : null,
            Sender = line.TryGetProperty(SenderProperty, out var sender) ? sender.GetString() : null,
        };

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
