using System.Globalization;
using System.Text;

namespace Metering.Testing.Events;

/// <summary>
/// Builds CloudEvent bodies for tests: a valid event of each catalogued shape, and copies of it with one
/// attribute replaced, removed or repeated, so that each test row breaks exactly one rule.
/// </summary>
public sealed record EventJson(IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public static EventJson Valid(
        string type = "user.login",
        string subject = "user-1",
        string time = "2025-11-30T10:00:00Z",
        string tenant = "acme",
        string source = "/apps/lms",
        string id = "evt-1") =>
        new([
            new("specversion", "\"1.0\""),
            new("id", Quote(id)),
            new("source", Quote(source)),
            new("type", Quote(type)),
            new("time", Quote(time)),
            new("tenantid", Quote(tenant)),
            new("subject", Quote(subject)),
        ]);

    /// <summary>A valid event of <paramref name="type"/> with the raw JSON <paramref name="data"/>.</summary>
    public static EventJson Of(string type, string data, string subject = "user-1", string id = "evt-1") =>
        Valid(type, subject, id: id).WithData(data);

    public EventJson With(string name, string rawJson)
    {
        var list = Attributes.ToList();
        var at = list.FindIndex(a => a.Key == name);
        if (at >= 0)
        {
            list[at] = new(name, rawJson);
        }
        else
        {
            list.Add(new(name, rawJson));
        }

        return new EventJson(list);
    }

    public EventJson WithString(string name, string value) => With(name, Quote(value));

    public EventJson WithData(string rawJson) => With("data", rawJson);

    public EventJson Without(string name) => new(Attributes.Where(a => a.Key != name).ToList());

    /// <summary>Appends the attribute again, so that it appears twice.</summary>
    public EventJson Repeating(string name, string rawJson) => new([.. Attributes, new(name, rawJson)]);

    /// <summary>The body; attribute names are written as given, so that a test can spell one with JSON escapes.</summary>
    public string Json => "{" + string.Join(",", Attributes.Select(a => "\"" + a.Key + "\":" + a.Value)) + "}";

    public byte[] Bytes => Encoding.UTF8.GetBytes(Json);

    public override string ToString() => Json;

    /// <summary>A JSON string: quotes, backslashes and control characters escaped, everything else as is (raw UTF-8).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
