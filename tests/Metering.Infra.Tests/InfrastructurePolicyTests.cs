using System.Text.Json;

namespace Metering.Infra.Tests;

/// <summary>
/// Reads the compiled ARM template and checks the security promises of the deployment (SPEC section 7):
/// no keys, nothing public, managed identity, and each identity holds only the roles its functions use.
/// </summary>
public sealed class InfrastructurePolicyTests
{
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    private static readonly Lazy<Task<JsonElement>> Template = new(async () =>
    {
        var run = await BicepCli.RunAsync("build", "main.bicep", "--stdout");
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    });

    private static readonly Lazy<Task<JsonElement[]>> Resources = new(async () =>
    {
        var resources = (await Template.Value).GetProperty("resources");
        // Bicep emits an array, or an object keyed by symbolic name (language version 2.0).
        var items = resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
        return items.Select(r => r.Clone()).ToArray();
    });

    [Fact]
    public async Task Storage_Refuses_Shared_Keys_Public_Blobs_And_Old_Tls()
    {
        var storage = Single(await Resources.Value, "Microsoft.Storage/storageAccounts");
        var properties = storage.GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
    }

    [Fact]
    public async Task Blob_Versioning_And_Soft_Delete_Are_On()
    {
        var blobs = Single(await Resources.Value, "Microsoft.Storage/storageAccounts/blobServices").GetProperty("properties");

        Assert.True(blobs.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobs.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Every_Container_Is_Private()
    {
        var containers = (await Resources.Value).Where(r => Type(r) == "Microsoft.Storage/storageAccounts/blobServices/containers").ToArray();

        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public async Task Event_Hubs_Refuses_Shared_Access_Keys()
    {
        var hubs = Single(await Resources.Value, "Microsoft.EventHub/namespaces").GetProperty("properties");

        Assert.True(hubs.GetProperty("disableLocalAuth").GetBoolean());
    }

    [Fact]
    public async Task Function_App_Runs_On_Flex_Consumption_With_A_Managed_Identity_And_No_Secret_Setting()
    {
        var resources = await Resources.Value;
        var plan = Single(resources, "Microsoft.Web/serverfarms");
        var app = Single(resources, "Microsoft.Web/sites");

        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("SystemAssigned", app.GetProperty("identity").GetProperty("type").GetString());
        var settings = app.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .Select(s => s.GetProperty("name").GetString()!)
            .ToArray();
        Assert.DoesNotContain(settings, name => name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && name != "APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.DoesNotContain("AzureWebJobsStorage", settings);
        Assert.Contains("AzureWebJobsStorage__accountName", settings);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", settings);
    }

    [Fact]
    public async Task The_App_Identity_Holds_Exactly_The_Data_Roles_Its_Functions_Use()
    {
        var assignments = (await Resources.Value).Where(r => Type(r) == "Microsoft.Authorization/roleAssignments").ToArray();
        // Role ids are kept in the template's `roles` variable; resolve each assignment's reference to it.
        var roles = (await Template.Value).GetProperty("variables").GetProperty("roles");
        var roleIds = assignments
            .Select(a => a.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!)
            .Select(expression => System.Text.RegularExpressions.Regex.Replace(
                expression,
                @"variables\('roles'\)\.(\w+)",
                m => roles.GetProperty(m.Groups[1].Value).GetString()!))
            .ToArray();
        Assert.Equal(assignments.Length, roleIds.Length);

        Assert.DoesNotContain(roleIds, id => id.Contains(Owner, StringComparison.Ordinal) || id.Contains(Contributor, StringComparison.Ordinal));
        string[] appRoles =
        [
            "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", // Event Hubs Data Receiver (the trigger)
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner (host leases, deployment package, invoices)
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor (activity, state, ledger)
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor (the close queue)
            "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher (telemetry with Entra auth)
        ];
        string[] optionalRoles =
        [
            "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", // Storage Blob Data Reader, invoice readers, on the invoices container only
            "2b629674-e913-4c01-ae53-ef4638d8f975", // Event Hubs Data Sender, vendor apps, on the hub only
        ];
        foreach (var role in appRoles)
        {
            Assert.Single(roleIds, id => id.Contains(role, StringComparison.Ordinal));
        }

        Assert.All(roleIds, id => Assert.Contains(appRoles.Concat(optionalRoles), role => id.Contains(role, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_Role_Is_Granted_On_The_Narrowest_Resource_Its_Holder_Uses()
    {
        var roles = (await Template.Value).GetProperty("variables").GetProperty("roles");
        string RoleName(string expression) =>
            System.Text.RegularExpressions.Regex.Match(expression, @"variables\('roles'\)\.(\w+)") is { Success: true } m
                ? m.Groups[1].Value
                : roles.EnumerateObject().Single(r => expression.Contains(r.Value.GetString()!, StringComparison.Ordinal)).Name;
        var scopes = (await Resources.Value)
            .Where(r => Type(r) == "Microsoft.Authorization/roleAssignments")
            .Select(a => (Role: RoleName(a.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!),
                Scope: a.TryGetProperty("scope", out var scope) ? scope.GetString()! : "(the resource group)"))
            .ToArray();
        // Billing systems read invoices (and their stable copies) only; vendor apps send to the hub only; the app receives
        // from the hub only and publishes telemetry to its own component only. Nothing is granted on the resource group or
        // subscription.
        const string Container = "resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', variables('storageName'), 'default', ";
        const string Account = "resourceId('Microsoft.Storage/storageAccounts', variables('storageName'))";
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["storageBlobDataReader"] = [Container + "'invoices')", Container + "variables('latestContainerName'))"],
            ["eventHubsDataSender"] = ["resourceId('Microsoft.EventHub/namespaces/eventhubs',"],
            ["eventHubsDataReceiver"] = ["resourceId('Microsoft.EventHub/namespaces/eventhubs',"],
            ["monitoringMetricsPublisher"] = ["resourceId('Microsoft.Insights/components',"],
            ["storageBlobDataOwner"] = [Account],
            ["storageTableDataContributor"] = [Account],
            ["storageQueueDataContributor"] = [Account],
        };

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), scopes.Select(s => s.Role).Distinct().Order(StringComparer.Ordinal));
        Assert.All(scopes, s => Assert.Contains(expected[s.Role], allowed => s.Scope.Contains(allowed, StringComparison.Ordinal)));
        Assert.Equal(expected["storageBlobDataReader"].Length, scopes.Where(s => s.Role == "storageBlobDataReader").Select(s => s.Scope).Distinct().Count());
    }

    private static string? Type(JsonElement resource) => resource.GetProperty("type").GetString();

    private static JsonElement Single(IEnumerable<JsonElement> resources, string type) =>
        Assert.Single(resources, r => Type(r) == type);
}
