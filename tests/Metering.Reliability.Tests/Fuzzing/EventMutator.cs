using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>
/// Makes adversarial event bodies from valid ones, from a seed: byte-level damage (bit flips, insertions, deletions,
/// duplications, truncation, splices, invalid UTF-8), attribute-level damage through the JSON structure (an attribute
/// missing, null, of every wrong type, duplicated, escaped, or set to a hostile value: tenants and sources of others,
/// subjects that look like storage keys, times in every wrong format, data fields missing or mistyped, nesting far
/// beyond any limit), and bodies that were never events (random bytes, scalars, arrays).
/// </summary>
internal sealed class EventMutator(IReadOnlyList<byte[]> corpus, Random random)
{
    public static readonly string[] Attributes = ["specversion", "id", "source", "type", "time", "tenantid", "subject", "data"];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xFE, 0xFF],
    ];

    private static readonly string[] HostileSubjects =
    [
        "acme|202403|00", "acme|202403|0f|user.login|ana", "%7C", "%25", "%~0123456789abcdef", "a/b#c?d\\e%f", " ", "zoë ユーザー 😀",
        "\u0000", "\u001f", "\u007f", "\u0085", "\ud800", "\udc00x", new string('x', 256), new string('x', 257), string.Concat(Enumerable.Repeat("😀", 256)),
        string.Concat(Enumerable.Repeat("😀", 257)), "", "\u2028", "\ufeff", "\uffff",
    ];

    private static readonly string[] HostileTimes =
    [
        "2025-03-14T09:26:53", "2025-03-14T09:26:53+0100", "2025-03-14 09:26:53Z", "2025-03-14t09:26:53z", "2023-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z", "2025-03-14T24:00:00Z", "2025-03-14T09:26:53.1234567891Z", "2024-12-31T23:59:60Z", "2025-03-14T23:59:60Z",
        "2025-03-14T09:26:53-00:00", "2099-01-01T00:00:00Z", "2025-04-04T00:05:00Z", "2025-04-04T00:05:00.000000001Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999+14:00", "", "now", "2025-03-14T09:26:53+24:00", "+002025-03-14T09:26:53Z",
    ];

    private static readonly string[] HostileTenants = ["contoso", "sakura", "nobody", "ACME", "-acme", "acme ", "a", new string('a', 63), new string('a', 64), "acme\u0000"];

    private static readonly string[] HostileSources =
    [
        "/apps/contoso-suite", "urn:sakura:reader", "https://lms.acme.example/app/", "HTTPS://lms.acme.example/app", "https://lms.acme.example/app#x#y",
        "%zz", "a b", "1http://x", "https://[::1", "ünï", "",
    ];

    private static readonly string[] HostileTypes = ["user.teleported", "USER.LOGIN", "user.login ", "", "meeting.hosted\u0000", "com.example.other"];

    /// <summary>One adversarial body.</summary>
    public byte[] Next()
    {
        var body = corpus[random.Next(corpus.Count)];
        var pick = random.Next(100);
        return pick switch
        {
            < 8 => body,
            < 40 => Structural(body),
            < 48 => Structural(Structural(body)),
            < 75 => Bytes(body, random.Next(1, 4)),
            < 80 => Bytes(Structural(body), 1),
            < 85 => DuplicateAttribute(body),
            < 88 => EscapedNames(body),
            < 92 => NotAnEvent(),
            < 95 => Splice(body, corpus[random.Next(corpus.Count)]),
            < 98 => DeepNesting(body),
            _ => random.Next(20) == 0 ? Huge(body) : Structural(body),
        };
    }

    /// <summary>A valid body with one attribute removed, or replaced by <paramref name="rawJson"/> (JSON text, written as is).</summary>
    public static byte[] WithAttribute(byte[] body, string attribute, string? rawJson)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove(attribute);
        var raw = new List<string>();
        if (rawJson is not null)
        {
            SetRaw(node, attribute, rawJson, raw);
        }

        return Serialize(node, raw);
    }

    /// <summary>Every value of a wrong type an attribute can be given, as JSON text.</summary>
    public static IEnumerable<(string Name, string RawJson)> WrongValues()
    {
        yield return ("null", "null");
        yield return ("number", "42");
        yield return ("fraction", "1.5");
        yield return ("true", "true");
        yield return ("false", "false");
        yield return ("array", "[\"1.0\"]");
        yield return ("object", "{\"value\":\"1.0\"}");
        yield return ("empty string", "\"\"");
        yield return ("control character", "\"\\u0001\"");
        yield return ("unpaired surrogate", "\"x\\ud800\"");
    }

    /// <summary>
    /// <paramref name="text"/> as a JSON string, every character outside printable ASCII escaped as <c>\uXXXX</c>: unlike
    /// a JSON writer, which replaces an unpaired surrogate by U+FFFD, it keeps the hostile characters hostile.
    /// </summary>
    public static string RawString(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c is < ' ' or > '~' or '"' or '\\' ? sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    private static void SetRaw(JsonObject node, string attribute, string rawJson, List<string> raw)
    {
        node[attribute] = $"@@raw{raw.Count}@@";
        raw.Add(rawJson);
    }

    private static byte[] Serialize(JsonObject node, List<string> raw)
    {
        var text = node.ToJsonString(Relaxed);
        for (var i = 0; i < raw.Count; i++)
        {
            text = text.Replace($"\"@@raw{i}@@\"", raw[i], StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private byte[] Structural(byte[] body)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(body) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            return Bytes(body, 1);
        }

        var attribute = Attributes[random.Next(Attributes.Length)];
        var raw = new List<string>();
        switch (random.Next(12))
        {
            case 0:
                node.Remove(attribute);
                break;
            case 1:
                SetRaw(node, attribute, WrongValues().ElementAt(random.Next(10)).RawJson, raw);
                break;
            case 2:
                SetRaw(node, "subject", RawString(HostileSubjects[random.Next(HostileSubjects.Length)]), raw);
                break;
            case 3:
                node["time"] = HostileTimes[random.Next(HostileTimes.Length)];
                break;
            case 4:
                node["tenantid"] = HostileTenants[random.Next(HostileTenants.Length)];
                break;
            case 5:
                node["source"] = HostileSources[random.Next(HostileSources.Length)];
                break;
            case 6:
                node["type"] = random.Next(3) == 0
                    ? HostileTypes[random.Next(HostileTypes.Length)]
                    : Domain.Events.EventCatalog.All[random.Next(Domain.Events.EventCatalog.All.Count)].Name;
                break;
            case 7:
                MutateData(node);
                break;
            case 8:
                node["data_base64"] = "AAAA";
                break;
            case 9:
                node["specversion"] = random.Next(2) == 0 ? "0.3" : "1.0 ";
                break;
            case 10:
                node["x-" + random.Next(1000)] = new JsonArray(new JsonObject { ["specversion"] = "2.0" });
                break;
            default:
                SetRaw(node, "id", RawString(random.Next(3) switch { 0 => "\u0000", 1 => "id\udfff", _ => new string('i', random.Next(1, 2000)) }), raw);
                break;
        }

        try
        {
            return Serialize(node, raw);
        }
        catch (InvalidOperationException)
        {
            // The body already held a hostile string the JSON writer refuses to copy: damage its bytes instead.
            return Bytes(body, 1);
        }
    }

    private void MutateData(JsonObject node)
    {
        if (node["data"] is not JsonObject data || data.Count == 0 || random.Next(4) == 0)
        {
            node["data"] = random.Next(4) switch
            {
                0 => "{}",
                1 => new JsonArray(),
                2 => JsonValue.Create(0),
                _ => new JsonObject { ["origin"] = "meetings", ["scheduled"] = "yes", ["space"] = null, ["knowledgeWorkers"] = -1 },
            };
            return;
        }

        var field = data.ElementAt(random.Next(data.Count)).Key;
        switch (random.Next(6))
        {
            case 0:
                data.Remove(field);
                break;
            case 1:
                data[field] = null;
                break;
            case 2:
                data[field] = JsonValue.Create(1.0e300);
                break;
            case 3:
                data[field] = new JsonArray(JsonValue.Create(string.Empty));
                break;
            case 4:
                data[field] = new string('d', random.Next(0, 400));
                break;
            default:
                data[field] = JsonValue.Create(-1);
                break;
        }
    }

    private byte[] Bytes(byte[] body, int operations)
    {
        var bytes = new List<byte>(body);
        for (var i = 0; i < operations && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 17)).Select(_ => (byte)random.Next(256)));
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 32)));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 64))));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.InsertRange(at, InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                    break;
                default:
                    bytes[at] = "{}[]\",:\\"u8[random.Next(8)];
                    break;
            }
        }

        return [.. bytes];
    }

    private byte[] DuplicateAttribute(byte[] body)
    {
        var attribute = Attributes[random.Next(Attributes.Length)];
        var value = attribute == "data" ? "{}" : "\"x\"";
        return [.. "{"u8, .. Encoding.UTF8.GetBytes($"\"{attribute}\":{value},"), .. body.AsSpan(Math.Min(1, body.Length))];
    }

    // Attribute names may be escaped in JSON: "\u0069d" is "id", and must be read (and checked for duplicates) as such.
    private byte[] EscapedNames(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var attribute = Attributes[random.Next(Attributes.Length)];
        var escaped = string.Concat(attribute.Select(c => $"\\u{(int)c:x4}"));
        return Encoding.UTF8.GetBytes(random.Next(2) == 0
            ? text.Replace($"\"{attribute}\"", $"\"{escaped}\"", StringComparison.Ordinal)
            : text.Insert(1, $"\"{escaped}\":\"dup\","));
    }

    private byte[] NotAnEvent() => random.Next(6) switch
    {
        0 => Enumerable.Range(0, random.Next(0, 300)).Select(_ => (byte)random.Next(256)).ToArray(),
        1 => "[]"u8.ToArray(),
        2 => "null"u8.ToArray(),
        3 => Encoding.UTF8.GetBytes(random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        4 => "\"specversion\""u8.ToArray(),
        _ => [],
    };

    private byte[] Splice(byte[] a, byte[] b) =>
        [.. a.AsSpan(0, random.Next(a.Length + 1)), .. b.AsSpan(random.Next(b.Length + 1))];

    private byte[] DeepNesting(byte[] body)
    {
        var depth = random.Next(4) switch
        {
            0 => 63,
            1 => 64,
            2 => 65,
            _ => random.Next(100, 100_000),
        };
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var text = Encoding.UTF8.GetString(body);
        return Encoding.UTF8.GetBytes(text.Length > 1 ? text.Insert(1, $"\"x-deep\":{nested},") : nested);
    }

    // Around the 256 KiB limit: exactly at it, one byte over, or far over.
    private byte[] Huge(byte[] body)
    {
        var target = random.Next(3) switch
        {
            0 => Domain.Events.CloudEventParser.MaxBodyBytes,
            1 => Domain.Events.CloudEventParser.MaxBodyBytes + 1,
            _ => random.Next(300_000, 3_000_000),
        };
        var text = Encoding.UTF8.GetString(body);
        const string prefix = "{\"x-pad\":\"";
        var pad = target - body.Length - prefix.Length - 1;
        return pad < 0 || text.Length < 2 ? body : Encoding.UTF8.GetBytes(prefix + new string('p', pad) + "\"," + text[1..]);
    }
}
