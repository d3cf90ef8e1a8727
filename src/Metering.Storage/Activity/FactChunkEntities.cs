using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Storage.Facts;
using Metering.Storage.Keys;
using Metering.Storage.Transactions;
using NodaTime.Text;

namespace Metering.Storage.Activity;

/// <summary>
/// A fact chunk as table entities (docs/storage.md, <c>facts</c> and <c>sessions</c>). The chunk's text is its
/// facts' JSON lines joined with <c>\n</c>, cut into <c>F00</c>..<c>F15</c> of at most 32,000 characters. A chunk
/// whose text does not fit one entity is cut into parts (anywhere, never inside a surrogate pair) with row keys
/// <c>{chunk id}-000</c>, <c>{chunk id}-001</c>, ...; every part carries <c>Parts</c>, and a reader joins the parts
/// of a chunk before splitting lines. The cut depends only on the facts, so a redelivered batch writes the same
/// parts. An entity stays under 1 MiB both as the service counts it (two bytes a character) and as its JSON
/// request body (which the emulator checks), whatever the text.
/// </summary>
internal static class FactChunkEntities
{
    /// <summary>Properties holding text: <c>F00</c>..<c>F15</c>.</summary>
    public const int TextProperties = 16;

    /// <summary>The longest text of one property (a string property holds at most 64 KiB of UTF-16).</summary>
    public const int PropertyChars = 32_000;

    // The JSON body of an entity must stay under 1 MiB; keys and the other properties take at most a few KiB.
    private const long EntityTextJsonBytes = 1_000_000;

    private static readonly LocalDatePattern DayText = LocalDatePattern.Iso;

    public static IEnumerable<TableEntity> ToEntities(FactChunk chunk)
    {
        var text = string.Join('\n', chunk.Facts.Select(FactCodec.Encode));
        var parts = Cut(text);
        var partition = TableKeys.MonthShardPartition(chunk.Tenant, chunk.Day.ToYearMonth(), Shards.NameOf(chunk.Unit.Value));
        for (var i = 0; i < parts.Count; i++)
        {
            var id = parts.Count == 1 ? chunk.ChunkId : string.Concat(chunk.ChunkId, "-", i.ToString("000", CultureInfo.InvariantCulture));
            var entity = new TableEntity(partition, TableKeys.FactRow(chunk.Family, chunk.Unit.Value, chunk.Day, id))
            {
                ["Family"] = TableKeys.FamilyName(chunk.Family),
                ["Unit"] = chunk.Unit.Value,
                ["Day"] = DayText.Format(chunk.Day),
                ["Count"] = chunk.Facts.Length,
                ["Parts"] = parts.Count,
            };
            for (var p = 0; p < parts[i].Count; p++)
            {
                entity[TextProperty(p)] = parts[i][p];
            }

            yield return entity;
        }
    }

    /// <summary>
    /// The facts of consecutive chunk entities (as a query returns them: sorted by partition and row key, so the
    /// parts of a chunk are adjacent). A chunk whose parts are not all there yet (a batch still being written, or
    /// interrupted and not yet retried) is left out: its batch has no touch yet, so no close relies on it.
    /// </summary>
    public static async IAsyncEnumerable<Fact> ReadAsync(IAsyncEnumerable<TableEntity> entities)
    {
        string? current = null;
        var text = new StringBuilder();
        int seen = 0, expected = 0;
        await foreach (var entity in entities)
        {
            var parts = entity.GetInt32("Parts") ?? 1;
            var chunkRow = parts > 1 ? entity.RowKey[..^4] : entity.RowKey;
            var key = entity.PartitionKey + "\n" + chunkRow;
            if (!string.Equals(key, current, StringComparison.Ordinal))
            {
                foreach (var fact in Complete(text, seen, expected))
                {
                    yield return fact;
                }

                current = key;
                text.Clear();
                seen = 0;
                expected = parts;
            }

            for (var i = 0; i < TextProperties && entity.GetString(TextProperty(i)) is { } piece; i++)
            {
                text.Append(piece);
            }

            seen++;
        }

        foreach (var fact in Complete(text, seen, expected))
        {
            yield return fact;
        }
    }

    public static string TextProperty(int index) => "F" + index.ToString("00", CultureInfo.InvariantCulture);

    private static IEnumerable<Fact> Complete(StringBuilder text, int seen, int expected)
    {
        if (seen == 0 || seen != expected || text.Length == 0)
        {
            return [];
        }

        return text.ToString().Split('\n').Select(FactCodec.Decode).ToList();
    }

    // Parts, each a list of property texts: a property ends at 32,000 characters, a part at 16 properties or when
    // its JSON would pass the budget; neither ends between the two halves of a surrogate pair.
    private static List<List<string>> Cut(string text)
    {
        var parts = new List<List<string>>();
        var properties = new List<string>();
        long partBytes = 0;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var bytes = EntityGroupTransactions.JsonCharBytes(text[i]) + (width == 2 ? EntityGroupTransactions.JsonCharBytes(text[i + 1]) : 0);
            if (i - start + width > PropertyChars || partBytes + bytes > EntityTextJsonBytes)
            {
                properties.Add(text[start..i]);
                start = i;
                if (properties.Count == TextProperties || partBytes + bytes > EntityTextJsonBytes)
                {
                    parts.Add(properties);
                    properties = [];
                    partBytes = 0;
                }
            }

            partBytes += bytes;
            i += width;
        }

        if (start < text.Length || properties.Count > 0 || parts.Count == 0)
        {
            properties.Add(text[start..]);
            parts.Add(properties);
        }

        return parts;
    }
}
