using System.Text;
using System.Text.Json;
using Metering.Domain.Events;

namespace Metering.Testing.Events;

/// <summary>
/// CloudEvents 1.0 bodies (structured JSON) for tests, written the way a producing app would send them, and raw
/// batches of them.
/// </summary>
public static class CloudEvents
{
    /// <summary>The body of one event; <paramref name="data"/> is written as given (a JSON object text) when not null.</summary>
    public static byte[] Body(string id, string source, string tenant, string type, string subject, string time, string? data = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("specversion", "1.0");
            w.WriteString("id", id);
            w.WriteString("source", source);
            w.WriteString("type", type);
            w.WriteString("time", time);
            w.WriteString("tenantid", tenant);
            w.WriteString("subject", subject);
            if (data is not null)
            {
                w.WritePropertyName("data");
                w.WriteRawValue(data);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A batch of bodies with positions 1, 2, ... in the given order.</summary>
    public static IReadOnlyList<RawEvent> Batch(IEnumerable<byte[]> bodies) =>
        bodies.Select((body, i) => new RawEvent(body, i + 1)).ToList();

    /// <summary>An NDJSON text of the bodies, one a line.</summary>
    public static string Ndjson(IEnumerable<byte[]> bodies) =>
        string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b) + "\n"));
}
