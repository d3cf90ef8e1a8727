using System.Text.Json;

namespace Metering.Infra.Tests;

/// <summary>One role assignment of a <see cref="DeploymentPreview"/>: what it is called, where it applies, which role, to whom.</summary>
/// <param name="Name">The assignment's name (a GUID).</param>
/// <param name="Scope">The resource id it is granted on.</param>
/// <param name="Role">The built-in role definition's id.</param>
/// <param name="Principal">The principal: an object id, or the expression of the Function App's system identity.</param>
internal sealed record RoleGrant(string Name, string Scope, string Role, string Principal)
{
    private const string AssignmentSegment = "/providers/Microsoft.Authorization/roleAssignments/";

    /// <summary>The Function App's resource id when the principal is its system-assigned identity, else null.</summary>
    public string? AppId =>
        Principal.StartsWith("[reference('", StringComparison.Ordinal) && Principal.EndsWith(".identity.principalId]", StringComparison.Ordinal)
            ? Principal["[reference('".Length..Principal.IndexOf('\'', "[reference('".Length)]
            : null;

    /// <summary>Whether the principal is the Function App's system-assigned identity.</summary>
    public bool IsApp => AppId is not null;

    /// <summary>The last segment of the scope: the table, container, queue or resource name.</summary>
    public string ScopeName => Scope[(Scope.LastIndexOf('/') + 1)..];

    /// <summary>The scope's type, read from its resource id (for example <c>Microsoft.Storage/storageAccounts/blobServices/containers</c>).</summary>
    public string ScopeType
    {
        get
        {
            var segments = Scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var provider = Array.LastIndexOf(segments, "providers");
            if (provider < 0)
            {
                return segments.Length == 2 ? "subscription" : "resourceGroup";
            }

            var type = new List<string> { segments[provider + 1], segments[provider + 2] };
            for (var i = provider + 4; i < segments.Length; i += 2)
            {
                type.Add(segments[i]);
            }

            return string.Join('/', type);
        }
    }

    public static RoleGrant From(JsonElement assignment)
    {
        var id = assignment.GetProperty("id").GetString()!;
        var properties = assignment.GetProperty("properties");
        var role = properties.GetProperty("roleDefinitionId").GetString()!;
        return new RoleGrant(
            assignment.GetProperty("name").GetString()!,
            id[..id.IndexOf(AssignmentSegment, StringComparison.Ordinal)],
            role[(role.LastIndexOf('/') + 1)..],
            properties.GetProperty("principalId").GetString()!);
    }
}
