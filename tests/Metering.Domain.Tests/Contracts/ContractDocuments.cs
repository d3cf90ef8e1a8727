using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Metering.Domain.Tests.Contracts;

/// <summary>Contract documents for tests: a valid one covering a named template, a Flex Plan and a generic rule, and a way to change one field of it.</summary>
internal static class ContractDocuments
{
    public const string Valid = """
        {
          "id": "acme-lms",
          "name": "ACME LMS",
          "tenants": ["acme", "acme-eu"],
          "term": { "start": "2024-03-01", "end": "2026-02-28" },
          "graceDays": 2,
          "versions": [
            {
              "version": 1, "effective": "2024-03-01", "template": "flexible-seats", "parameters": {},
              "commercial": { "currency": "EUR", "unitPrice": "4.50", "includedUnits": 500, "overageUnitPrice": "6.00" }
            },
            {
              "version": 2, "effective": "2025-03-01", "template": "flex-true-forward",
              "parameters": { "knowledgeWorkers": 250, "minimumPercent": "15", "origins": ["meetings", "app", "pstn"] },
              "commercial": { "currency": "USD", "unitPrice": "10.00", "annualUnitPrice": "120.00" }
            },
            {
              "version": 3, "effective": "2025-09-01", "template": "generic",
              "rule": {
                "meter": {
                  "types": ["meeting.hosted"],
                  "include": [{ "field": "origin", "values": ["meetings", "app", "pstn"] }],
                  "exclude": [[{ "field": "scheduled", "values": [false] }, { "field": "space", "values": ["one-on-one"] }]],
                  "unit": "subject-and-deployment"
                },
                "window": { "scheme": "calendar-month" },
                "measure": { "kind": "distinct-active" }
              }
            }
          ]
        }
        """;

    /// <summary>
    /// The valid document with the value at <paramref name="path"/> (<c>versions[1].parameters.knowledgeWorkers</c>)
    /// replaced by the JSON <paramref name="json"/>, or removed when it is <c>"remove"</c>.
    /// </summary>
    public static string With(string path, string json) => With(Valid, path, json);

    public static string With(string document, string path, string json)
    {
        var root = JsonNode.Parse(document)!;
        var segments = Segments(path);
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = segment is int i ? parent[i]! : parent[(string)segment]!;
        }

        var last = segments[^1];
        if (json == "remove")
        {
            if (last is int index)
            {
                parent.AsArray().RemoveAt(index);
            }
            else
            {
                parent.AsObject().Remove((string)last);
            }
        }
        else if (last is int index)
        {
            parent[index] = JsonNode.Parse(json);
        }
        else
        {
            parent[(string)last] = JsonNode.Parse(json);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static object[] Segments(string path)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                segments.Add(part);
                continue;
            }

            if (bracket > 0)
            {
                segments.Add(part[..bracket]);
            }

            foreach (var index in part[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
            {
                segments.Add(int.Parse(index.TrimEnd(']'), CultureInfo.InvariantCulture));
            }
        }

        return [.. segments];
    }
}
