using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Storage.Facts;
using Metering.Storage.Keys;
using NodaTime.Text;

namespace Metering.Storage.Activity;

/// <summary>
/// A fact chunk as table entities (docs/storage.md, <c>facts</c> and <c>sessions</c>): the facts' JSON lines joined
/// with <c>\n</c> and cut into <c>F00</c>..<c>F15</c> of at most 32,000 characters. A chunk whose text does not
/// fit one entity is split, between lines, into consecutive parts with row keys <c>{chunk id}-00</c>,
/// <c>{chunk id}-01</c>, ...; the split depends only on the facts, so a redelivered batch writes the same parts.
/// </summary>
internal static class FactChunkEntities
{
    /// <summary>Properties holding text: <c>F00</c>..<c>F15</c>.</summary>
    public const int TextProperties = 16;

    /// <summary>The longest text of one property (a string property holds at most 64 KiB of UTF-16).</summary>
    public const int PropertyChars = 32_000;

    // A cut never separates a surrogate pair, so a property may hold one character less than the maximum.
    private const int EntityChars = TextProperties * (PropertyChars - 1);

    private static readonly LocalDatePattern DayText = LocalDatePattern.Iso;

    public static IEnumerable<TableEntity> ToEntities(FactChunk chunk)
    {
        var parts = new List<(StringBuilder Text, int Count)>();
        StringBuilder? text = null;
        var count = 0;
        foreach (var fact in chunk.Facts)
        {
            var line = FactCodec.Encode(fact);
            if (line.Length > EntityChars)
            {
                throw new InvalidOperationException(
                    $"A fact of unit '{chunk.Unit}' encodes to {line.Length} characters, more than one entity holds.");
            }

            if (text is not null && text.Length + 1 + line.Length > EntityChars)
            {
                parts.Add((text, count));
                text = null;
            }

            if (text is null)
            {
                text = new StringBuilder(line);
                count = 0;
            }
            else
            {
                text.Append('\n').Append(line);
            }

            count++;
        }

        if (text is not null)
        {
            parts.Add((text, count));
        }

        var partition = TableKeys.MonthShardPartition(chunk.Tenant, chunk.Day.ToYearMonth(), Shards.NameOf(chunk.Unit));
        for (var i = 0; i < parts.Count; i++)
        {
            var id = parts.Count == 1 ? chunk.ChunkId : string.Concat(chunk.ChunkId, "-", i.ToString("00", CultureInfo.InvariantCulture));
            var entity = new TableEntity(partition, TableKeys.FactRow(chunk.Family, chunk.Unit, chunk.Day, id))
            {
                ["Family"] = TableKeys.FamilyName(chunk.Family),
                ["Unit"] = chunk.Unit,
                ["Day"] = DayText.Format(chunk.Day),
                ["Count"] = parts[i].Count,
            };
            var slice = 0;
            foreach (var piece in Slices(parts[i].Text.ToString()))
            {
                entity[TextProperty(slice++)] = piece;
            }

            yield return entity;
        }
    }

    public static IEnumerable<Fact> FromEntity(TableEntity entity)
    {
        var text = new StringBuilder();
        for (var i = 0; i < TextProperties && entity.GetString(TextProperty(i)) is { } piece; i++)
        {
            text.Append(piece);
        }

        if (text.Length == 0)
        {
            yield break;
        }

        foreach (var line in text.ToString().Split('\n'))
        {
            yield return FactCodec.Decode(line);
        }
    }

    public static string TextProperty(int index) => "F" + index.ToString("00", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Slices(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(PropertyChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }
}
