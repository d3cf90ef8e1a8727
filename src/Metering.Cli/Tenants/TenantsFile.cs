using System.Collections.Immutable;
using System.Text.Json;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Cli.Tenants;

/// <summary>
/// The tenants file of <c>metering tenants apply</c>: a JSON array of tenants, or an object with a <c>tenants</c>
/// array. A tenant is <c>{"id": "acme", "zone": "Europe/Berlin", "sources": ["app://crm"]}</c>: <c>id</c> a tenant id,
/// <c>zone</c> an IANA time zone (UTC when absent), <c>sources</c> the non-empty URI-references allowed to write
/// for it, <c>senders</c> (optional) the sender ids whose event hubs may deliver its events (docs/architecture.md,
/// "Senders"; none when absent: only input without a transport identity, such as a file, is then recorded). Every problem of the file is reported, with where it is; a file with any problem stores nothing.
/// </summary>
public static class TenantsFile
{
    /// <summary>Reads and validates the file's text: the tenants, or every problem found.</summary>
    public static (IReadOnlyList<Tenant> Tenants, IReadOnlyList<string> Problems) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return ([], [$"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}"]);
        }

        using (document)
        {
            var problems = new List<string>();
            var tenants = new List<Tenant>();
            var root = document.RootElement;
            JsonElement list;
            string path;
            if (root.ValueKind == JsonValueKind.Array)
            {
                (list, path) = (root, "$");
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tenants", out var inner) && inner.ValueKind == JsonValueKind.Array)
            {
                (list, path) = (inner, "$.tenants");
                problems.AddRange(root.EnumerateObject().Where(p => p.Name != "tenants").Select(p => $"$.{p.Name}: unknown property (expected only 'tenants')."));
            }
            else
            {
                return ([], ["expected a JSON array of tenants, or an object with a 'tenants' array."]);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var at = $"{path}[{index++}]";
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement)
                    && idElement.ValueKind == JsonValueKind.String && !seen.Add(idElement.GetString()!))
                {
                    problems.Add($"{at}.id: tenant '{idElement.GetString()}' is listed more than once.");
                }

                var tenant = ParseTenant(element, at, problems);
                if (tenant is null)
                {
                    continue;
                }

                tenants.Add(tenant);
            }

            if (index == 0)
            {
                problems.Add($"{path}: no tenants listed.");
            }

            return problems.Count == 0 ? (tenants, []) : ([], problems);
        }
    }

    private static Tenant? ParseTenant(JsonElement element, string at, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{at}: expected an object with 'id', 'zone' and 'sources'.");
            return null;
        }

        var before = problems.Count;
        TenantId? id = null;
        var zone = DateTimeZone.Utc;
        ImmutableSortedSet<string>? sources = null;
        var senders = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id":
                    if (property.Value.ValueKind != JsonValueKind.String || !TenantId.TryParse(property.Value.GetString(), out id))
                    {
                        problems.Add($"{at}.id: {Quote(property.Value)} is not a tenant id ([a-z0-9][a-z0-9-]{{0,62}}).");
                    }

                    break;
                case "zone":
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        break;
                    }

                    if (property.Value.ValueKind != JsonValueKind.String
                        || DateTimeZoneProviders.Tzdb.GetZoneOrNull(property.Value.GetString()!) is not { } found)
                    {
                        problems.Add($"{at}.zone: {Quote(property.Value)} is not an IANA time zone (such as 'Europe/Berlin' or 'UTC').");
                    }
                    else
                    {
                        zone = found;
                    }

                    break;
                case "sources":
                    sources = ParseSources(property.Value, $"{at}.sources", problems);
                    break;
                case "senders":
                    senders = ParseSenders(property.Value, $"{at}.senders", problems);
                    break;
                default:
                    problems.Add($"{at}.{property.Name}: unknown property (expected 'id', 'zone', 'sources', 'senders').");
                    break;
            }
        }

        if (!element.TryGetProperty("id", out _))
        {
            problems.Add($"{at}: 'id' is required.");
        }

        if (!element.TryGetProperty("sources", out _))
        {
            problems.Add($"{at}: 'sources' is required (the apps allowed to write for the tenant).");
        }

        return problems.Count == before && id is { } tenantId && sources is not null ? new Tenant(tenantId, zone, sources) { Senders = senders } : null;
    }

    private static ImmutableSortedSet<string> ParseSenders(JsonElement value, string at, List<string> problems)
    {
        var senders = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{at}: expected an array of sender ids.");
            return senders.ToImmutable();
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemAt = $"{at}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || !SenderIds.IsValid(item.GetString()))
            {
                problems.Add($"{itemAt}: {Quote(item)} is not a sender id ({SenderIds.Syntax}).");
            }
            else if (!senders.Add(item.GetString()!))
            {
                problems.Add($"{itemAt}: sender '{item.GetString()}' is listed more than once.");
            }
        }

        return senders.ToImmutable();
    }

    private static ImmutableSortedSet<string>? ParseSources(JsonElement value, string at, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{at}: expected an array of source URI-references.");
            return null;
        }

        var sources = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemAt = $"{at}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } source
                || !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
            {
                problems.Add($"{itemAt}: {Quote(item)} is not a non-empty URI-reference.");
            }
            else if (!sources.Add(source))
            {
                problems.Add($"{itemAt}: source '{source}' is listed more than once.");
            }
        }

        return sources.ToImmutable();
    }

    private static string Quote(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();
}
