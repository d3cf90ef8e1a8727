using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Formats;
using Metering.Domain.Tenants;
using Metering.Storage.Keys;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Facts;

/// <summary>
/// A <see cref="Fact"/> as one line of compact JSON, as kept in the <c>F00</c>..<c>F15</c> properties of fact and
/// session chunks. Every field of the fact and of its <see cref="EventData"/> is written; an absent data field is
/// omitted, so absent and empty (<c>"roles":[]</c>) stay distinct. Instants are ISO-8601 UTC with up to nine
/// fractional digits, so they round-trip to the nanosecond. A line never contains a line feed (JSON escapes
/// control characters), so lines can be joined with <c>\n</c>. Decoding rejects unknown fields: stored facts
/// are our own format, and a field we cannot read is corruption, not something to skip.
/// </summary>
public static class FactCodec
{
    // Non-ASCII text is kept as is rather than \u-escaped: a line then has at most as many characters as the event
    // body had bytes, which keeps the largest possible fact (a 256 KiB body) well inside one chunk entity. The
    // output is stored, never embedded in HTML, so the "unsafe" encoder's only difference does not matter.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly InstantPattern Time = InstantPattern.ExtendedIso;

    /// <summary>The JSON line of a fact.</summary>
    public static string Encode(Fact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("tenant", fact.Tenant.Value);
            w.WriteString("family", TableKeys.FamilyName(fact.Family));
            w.WriteString("unit", fact.Unit.Value);
            w.WriteString("time", Time.Format(fact.Time));
            w.WriteString("type", fact.Type);
            w.WriteString("key", fact.Key.ToString());
            w.WriteStartObject("data");
            WriteData(w, fact.Data);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a line written by <see cref="Encode"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static Fact Decode(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string? tenant = null, family = null, unit = null, time = null, type = null, key = null;
            EventData? data = null;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "tenant": tenant = p.Value.GetString(); break;
                    case "family": family = p.Value.GetString(); break;
                    case "unit": unit = p.Value.GetString(); break;
                    case "time": time = p.Value.GetString(); break;
                    case "type": type = p.Value.GetString(); break;
                    case "key": key = p.Value.GetString(); break;
                    case "data": data = ReadData(p.Value); break;
                    default: throw new FormatException($"Unknown fact field '{p.Name}'.");
                }
            }

            return new Fact(
                TenantId.Parse(Required(tenant, "tenant")),
                TableKeys.ParseFamily(Required(family, "family")),
                new Subject(Required(unit, "unit")),
                Time.Parse(Required(time, "time")).GetValueOrThrow(),
                Required(type, "type"),
                EventKey.Parse(Required(key, "key")),
                data ?? throw new FormatException("Fact field 'data' is missing."));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or UnparsableValueException or ArgumentException or OverflowException)
        {
            throw new FormatException($"Not a stored fact line: {e.Message}", e);
        }
    }

    private static string Required(string? value, string name) =>
        value ?? throw new FormatException($"Fact field '{name}' is missing.");

    // Every catalogued field, in the declaration's order (EventDataFields): a new field needs no change here.
    private static void WriteData(Utf8JsonWriter w, EventData d)
    {
        foreach (var field in EventDataFields.All)
        {
            switch (field)
            {
                case TextField text:
                    w.WriteOptionalString(text.Name, text.Get(d));
                    break;
                case FlagField flag when flag.Get(d) is { } value:
                    w.WriteBoolean(flag.Name, value);
                    break;
                case CountField count:
                    w.WriteOptionalNumber(count.Name, count.Get(d));
                    break;
                case ListField list:
                    w.WriteOptionalStrings(list.Name, list.Get(d));
                    break;
                case InstantField instant when instant.Get(d) is { } value:
                    w.WriteString(instant.Name, Time.Format(value));
                    break;
            }
        }
    }

    private static EventData ReadData(JsonElement e)
    {
        var d = EventData.None;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            if (!EventDataFields.TryFind(p.Name, out var field))
            {
                throw new FormatException($"Unknown fact data field '{p.Name}'.");
            }

            d = field switch
            {
                TextField text => text.Set(d, v.GetString()),
                FlagField flag => flag.Set(d, v.GetBoolean()),
                CountField count => count.Set(d, v.GetInt64()),
                ListField list => list.Set(d, ReadArray(v)),
                InstantField instant => instant.Set(d, Time.Parse(v.GetString()!).GetValueOrThrow()),
                _ => throw new FormatException($"Fact data field '{p.Name}' has a kind this codec does not know."),
            };
        }

        return d;
    }

    private static ImmutableArray<string> ReadArray(JsonElement e)
    {
        var builder = ImmutableArray.CreateBuilder<string>(e.GetArrayLength());
        foreach (var item in e.EnumerateArray())
        {
            builder.Add(item.GetString() ?? throw new FormatException("A fact array holds null."));
        }

        return builder.MoveToImmutable();
    }
}
