using System.Text.Json;

namespace Metering.Infra.Tests;

/// <summary>
/// What Azure Resource Manager would deploy from <c>infra/main.bicep</c> with given parameters, evaluated offline by the
/// Bicep CLI's <c>snapshot</c> command for a fixed subscription, resource group and location: conditions decided, loops
/// expanded, names, scopes and resource ids computed. The parameters go into a small <c>.bicepparam</c> file in a
/// temporary folder; every parameter they leave out takes its default.
/// </summary>
internal sealed class DeploymentPreview
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = "metering-preview";

    /// <summary>The senders of a preview that does not name its own.</summary>
    public const string DefaultSenders = "param senders = [{ name: 'lms', principalIds: [] }]";

    private DeploymentPreview(IReadOnlyList<JsonElement> resources) => Resources = resources;

    /// <summary>Every resource the deployment would create or update.</summary>
    public IReadOnlyList<JsonElement> Resources { get; }

    /// <summary>Every role assignment.</summary>
    public IReadOnlyList<RoleGrant> RoleGrants =>
        [.. OfType("Microsoft.Authorization/roleAssignments").Select(RoleGrant.From)];

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(r => r.GetProperty("type").GetString() == type);

    public JsonElement Single(string type) => Assert.Single(OfType(type));

    /// <summary>The resource of <paramref name="type"/> whose name ends with <paramref name="name"/> (child names are paths).</summary>
    public JsonElement Named(string type, string name) =>
        Assert.Single(OfType(type), r => r.GetProperty("name").GetString()!.Split('/')[^1] == name);

    /// <summary>Evaluates the template with <paramref name="parameters"/>, each a <c>param name = value</c> line.</summary>
    public static async Task<DeploymentPreview> OfAsync(params string[] parameters)
    {
        var folder = Directory.CreateTempSubdirectory("metering-preview-");
        try
        {
            // A parameters file must name its template by a relative path.
            var template = Path.GetRelativePath(folder.FullName, Path.Combine(BicepCli.InfraDirectory, "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(folder.FullName, "preview.bicepparam");
            // senders has no default (a deployment names its producing apps): one sender unless the caller names them.
            var senders = parameters.Any(p => p.StartsWith("param senders ", StringComparison.Ordinal)) ? string.Empty : DefaultSenders + "\n";
            await File.WriteAllTextAsync(file, $"using '{template}'\n\nparam baseName = 'metering'\n{senders}{string.Join('\n', parameters)}\n");

            var run = await BicepCli.RunAsync(
                "snapshot", file, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", "westeurope");

            Assert.True(run.ExitCode == 0, $"bicep snapshot failed:\n{run.Output}\n{run.Error}");
            Assert.Empty(run.Diagnostics);
            using var snapshot = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "preview.snapshot.json")));
            Assert.Empty(snapshot.RootElement.GetProperty("diagnostics").EnumerateArray());
            return new DeploymentPreview([.. snapshot.RootElement.GetProperty("predictedResources").EnumerateArray().Select(r => r.Clone())]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
