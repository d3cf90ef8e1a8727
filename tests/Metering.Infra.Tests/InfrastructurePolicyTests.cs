using System.Text.Json;

namespace Metering.Infra.Tests;

/// <summary>
/// Reads the compiled ARM template, and the deployment Resource Manager would evaluate from it, and checks the security
/// promises of the deployment (docs/operations.md, "Identities and roles"): no keys, nothing public, managed identity, and each identity holds only
/// the roles its functions use, on the tables, containers and queues it uses.
/// </summary>
public sealed class InfrastructurePolicyTests
{
    private const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string RetentionType = "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies";
    private const string FirstReader = "11111111-1111-1111-1111-111111111111";
    private const string SecondReader = "22222222-2222-2222-2222-222222222222";
    private const string Sender = "33333333-3333-3333-3333-333333333333";
    private const string OtherSender = "44444444-4444-4444-4444-444444444444";

    private static readonly string[] AppTables = ["tenants", "presence", "facts", "sessions", "touches", "batches", "eventclaims", "watermarks", "closes"];

    private static readonly string[] AppContainers =
        ["archive", "deadletter", "contracts", "invoices", "latest", "app-package", "azure-webjobs-hosts", "azure-webjobs-eventhub", "azure-webjobs-secrets"];

    private static readonly string[] AppQueues = ["closes", "closes-poison", "published", "published-poison"];

    // Built-in role ids (the same in every tenant): the only roles the deployment may grant.
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        ["a638d3c7-ab3a-418d-83e6-5f17a39d4fde"] = "Azure Event Hubs Data Receiver",
        ["2b629674-e913-4c01-ae53-ef4638d8f975"] = "Azure Event Hubs Data Sender",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
    };

    // Owner, Contributor, User Access Administrator, Storage Account Contributor, Storage Blob Data Owner, Azure Event
    // Hubs Data Owner: named so that a failure says what was granted.
    private static readonly string[] OwnerRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        "f526a384-b230-433a-b45c-95f59c4a2dec",
    ];

    private static readonly Lazy<Task<JsonElement>> Template = new(async () =>
    {
        var run = await BicepCli.RunAsync("build", "main.bicep", "--stdout");
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    });

    // The deployment as Resource Manager would evaluate it with default parameters, two billing readers and two senders:
    // "lms" with one principal, "reader" with two (one of them also sends as "lms").
    private static readonly Lazy<Task<DeploymentPreview>> Deployed = new(() => DeploymentPreview.OfAsync(
        $"param invoiceReaderPrincipalIds = ['{FirstReader}', '{SecondReader}']", TwoSenders));

    private static readonly Lazy<Task<DeploymentPreview>> PrivatelyDeployed = new(() => DeploymentPreview.OfAsync("param privateNetworking = true", TwoSenders));

    private static string TwoSenders => $"param senders = [{{ name: 'lms', principalIds: ['{Sender}'] }}, {{ name: 'reader', principalIds: ['{OtherSender}', '{Sender}'] }}]";

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
    public async Task Invoices_And_Archive_Are_Version_Level_Immutable_By_Default_And_Latest_Is_Not()
    {
        var deployed = await Deployed.Value;

        // Invoice revisions are written once and the archive create-only; latest.json is overwritten on every publish.
        Assert.Equal(
            ["archive", "invoices"],
            deployed.OfType(ContainerType)
                .Where(c => c.GetProperty("properties").GetProperty("immutableStorageWithVersioning").GetProperty("enabled").GetBoolean())
                .Select(c => c.GetProperty("name").GetString()!.Split('/')[^1])
                .Order(StringComparer.Ordinal));
        Assert.False(deployed.Named(ContainerType, "latest").GetProperty("properties").GetProperty("immutableStorageWithVersioning").GetProperty("enabled").GetBoolean());
        Assert.Equal(2555, RetentionDays(deployed, "invoices"));
        Assert.Equal(2555, RetentionDays(deployed, "archive"));
        Assert.Equal(2, deployed.OfType(RetentionType).Count());
        Assert.All(deployed.OfType(RetentionType), p => Assert.False(p.GetProperty("properties").GetProperty("allowProtectedAppendWrites").GetBoolean()));
    }

    [Fact]
    public async Task The_Archive_Stays_Locked_Until_The_Lifecycle_Rule_Deletes_It_With_Its_Previous_Versions()
    {
        var deployed = await Deployed.Value;
        var rule = deployed.Single("Microsoft.Storage/storageAccounts/managementPolicies").GetProperty("properties").GetProperty("policy").GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("name").GetString() == "archive-retention").GetProperty("definition").GetProperty("actions");

        var deletedAfter = rule.GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32();

        Assert.Equal(RetentionDays(deployed, "archive"), deletedAfter);
        Assert.Equal(deletedAfter, rule.GetProperty("version").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetInt32());
    }

    [Fact]
    public async Task Once_The_Policies_Are_Locked_The_Deployment_Leaves_Them_Alone_And_The_Containers_Stay_Immutable()
    {
        var deployed = await DeploymentPreview.OfAsync("param immutabilityPoliciesLocked = true");

        Assert.Empty(deployed.OfType(RetentionType));
        Assert.True(deployed.Named(ContainerType, "invoices").GetProperty("properties").GetProperty("immutableStorageWithVersioning").GetProperty("enabled").GetBoolean());
        Assert.True(deployed.Named(ContainerType, "archive").GetProperty("properties").GetProperty("immutableStorageWithVersioning").GetProperty("enabled").GetBoolean());
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
    public async Task Publishing_With_User_Names_And_Passwords_Is_Refused_On_Scm_And_Ftp()
    {
        var policies = (await Deployed.Value).OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToArray();

        Assert.Equal(["ftp", "scm"], policies.Select(p => p.GetProperty("name").GetString()!.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.GetProperty("properties").GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public async Task Log_Analytics_Refuses_Its_Shared_Keys()
    {
        var workspace = (await Deployed.Value).Single("Microsoft.OperationalInsights/workspaces");

        Assert.True(workspace.GetProperty("properties").GetProperty("features").GetProperty("disableLocalAuth").GetBoolean());
    }

    [Fact]
    public async Task By_Default_Storage_And_Event_Hubs_Keep_Their_Public_Endpoints_And_No_Network_Is_Deployed()
    {
        var deployed = await Deployed.Value;

        Assert.Equal("Enabled", deployed.Single("Microsoft.Storage/storageAccounts").GetProperty("properties").GetProperty("publicNetworkAccess").GetString());
        Assert.Equal("Enabled", deployed.Single("Microsoft.EventHub/namespaces").GetProperty("properties").GetProperty("publicNetworkAccess").GetString());
        Assert.DoesNotContain(deployed.Resources, r => r.GetProperty("type").GetString()!.StartsWith("Microsoft.Network/", StringComparison.Ordinal));
        Assert.True(
            !deployed.Single("Microsoft.Web/sites").GetProperty("properties").TryGetProperty("virtualNetworkSubnetId", out var subnet)
            || subnet.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task With_Private_Networking_Storage_And_Event_Hubs_Are_Reached_Only_Through_Private_Endpoints_From_The_App_Subnet()
    {
        var deployed = await PrivatelyDeployed.Value;
        var storage = deployed.Single("Microsoft.Storage/storageAccounts");
        var hubs = deployed.Single("Microsoft.EventHub/namespaces");
        var network = deployed.Single("Microsoft.Network/virtualNetworks");
        var subnets = network.GetProperty("properties").GetProperty("subnets").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => $"{Id(network)}/subnets/{s.GetProperty("name").GetString()}");

        Assert.Equal("Disabled", storage.GetProperty("properties").GetProperty("publicNetworkAccess").GetString());
        Assert.Equal("Deny", storage.GetProperty("properties").GetProperty("networkAcls").GetProperty("defaultAction").GetString());
        Assert.Equal("Disabled", hubs.GetProperty("properties").GetProperty("publicNetworkAccess").GetString());

        // One endpoint per service, each in the endpoints subnet.
        var endpoints = deployed.OfType("Microsoft.Network/privateEndpoints")
            .Select(e => e.GetProperty("properties"))
            .Select(e => (
                Target: e.GetProperty("privateLinkServiceConnections")[0].GetProperty("properties").GetProperty("privateLinkServiceId").GetString()!,
                Group: e.GetProperty("privateLinkServiceConnections")[0].GetProperty("properties").GetProperty("groupIds").EnumerateArray().Single().GetString()!,
                Subnet: e.GetProperty("subnet").GetProperty("id").GetString()!))
            .OrderBy(e => e.Group, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [(Id(storage), "blob"), (Id(hubs), "namespace"), (Id(storage), "queue"), (Id(storage), "table")],
            endpoints.Select(e => (e.Target, e.Group)));
        Assert.All(endpoints, e => Assert.Equal(subnets["private-endpoints"], e.Subnet));

        // The app integrates into the other subnet, delegated to Flex Consumption.
        var appSubnet = network.GetProperty("properties").GetProperty("subnets").EnumerateArray().Single(s => s.GetProperty("name").GetString() != "private-endpoints");
        Assert.Equal(
            "Microsoft.App/environments",
            appSubnet.GetProperty("properties").GetProperty("delegations").EnumerateArray().Single().GetProperty("properties").GetProperty("serviceName").GetString());
        Assert.Equal(
            subnets[appSubnet.GetProperty("name").GetString()!],
            deployed.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("virtualNetworkSubnetId").GetString());
    }

    [Fact]
    public async Task With_Private_Networking_Each_Endpoint_Registers_In_A_Private_Zone_Linked_To_The_Network()
    {
        var deployed = await PrivatelyDeployed.Value;
        var network = Id(deployed.Single("Microsoft.Network/virtualNetworks"));
        var zones = deployed.OfType("Microsoft.Network/privateDnsZones").Select(z => z.GetProperty("name").GetString()!).ToArray();

        // The usual host names resolve to the endpoints inside the network: privatelink.{blob,queue,table}.<storage
        // suffix> (written with environment() in the template) and privatelink.servicebus.windows.net.
        Assert.Equal(4, zones.Length);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Single(zones, z => z.Contains($"privatelink.{{0}}.{{1}}', '{service}'", StringComparison.Ordinal) || z.StartsWith($"privatelink.{service}.", StringComparison.Ordinal));
        }

        Assert.Contains("privatelink.servicebus.windows.net", zones);
        Assert.Equal(4, deployed.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").Count());
        Assert.All(
            deployed.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"),
            l => Assert.Equal(network, l.GetProperty("properties").GetProperty("virtualNetwork").GetProperty("id").GetString()));
        var records = deployed.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups")
            .Select(g => g.GetProperty("properties").GetProperty("privateDnsZoneConfigs").EnumerateArray().Single())
            .Select(c => (Service: c.GetProperty("name").GetString()!, Zone: c.GetProperty("properties").GetProperty("privateDnsZoneId").GetString()!))
            .OrderBy(r => r.Service, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["blob", "namespace", "queue", "table"], records.Select(r => r.Service));
        Assert.All(records, r => Assert.Contains(r.Service == "namespace" ? "/privatelink.servicebus.windows.net" : $"'{r.Service}'", r.Zone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Private_Networking_Changes_No_App_Setting()
    {
        static string[] Settings(DeploymentPreview deployed) =>
            [.. deployed.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
                .EnumerateArray().Select(s => s.GetRawText())];

        Assert.Equal(Settings(await Deployed.Value), Settings(await PrivatelyDeployed.Value));
    }

    [Fact]
    public async Task Every_Storage_Role_Of_The_App_Identity_Is_Granted_On_A_Table_Container_Or_Queue_Never_On_The_Account()
    {
        var granted = (await Deployed.Value).RoleGrants
            .Where(g => g.IsApp)
            .Select(g => (Role: RoleNames[g.Role], g.ScopeType, g.ScopeName))
            .Order()
            .ToArray();

        (string Role, string ScopeType, string ScopeName)[] expected =
        [
            // The Event Hubs triggers, each on the hub of its sender; telemetry with Entra authentication, on its own component.
            ("Azure Event Hubs Data Receiver", "Microsoft.EventHub/namespaces/eventhubs", "telemetry-lms"),
            ("Azure Event Hubs Data Receiver", "Microsoft.EventHub/namespaces/eventhubs", "telemetry-reader"),
            ("Monitoring Metrics Publisher", "Microsoft.Insights/components", (await Deployed.Value).Single("Microsoft.Insights/components").GetProperty("name").GetString()!),
            // Activity, state, ledger and watermarks.
            .. AppTables.Select(t => ("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts/tableServices/tables", t)),
            // The pipeline's blobs, the deployment package, and the host's locks, checkpoints and keys.
            .. AppContainers.Select(c => ("Storage Blob Data Contributor", "Microsoft.Storage/storageAccounts/blobServices/containers", c)),
            // Close requests, the host's poison queue, publication notices.
            .. AppQueues.Select(q => ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts/queueServices/queues", q)),
        ];
        Assert.Equal(expected.Order(), granted);
    }

    [Fact]
    public async Task No_Principal_Is_Granted_An_Owner_Role_Or_Anything_On_The_Account_Resource_Group_Or_Subscription()
    {
        var grants = (await Deployed.Value).RoleGrants;

        Assert.NotEmpty(grants);
        Assert.All(grants, g => Assert.DoesNotContain(g.Role, OwnerRoles));
        Assert.All(grants, g => Assert.Contains(g.Role, RoleNames.Keys));
        Assert.All(grants, g => Assert.DoesNotContain(g.ScopeType, new[] { "subscription", "resourceGroup", "Microsoft.Storage/storageAccounts", "Microsoft.EventHub/namespaces" }));
    }

    [Fact]
    public async Task Billing_Systems_Read_Only_Invoices_And_Latest_And_Each_Sender_Sends_Only_To_Its_Own_Hub()
    {
        var others = (await Deployed.Value).RoleGrants.Where(g => !g.IsApp).ToArray();

        Assert.Equal(
            new[]
            {
                ("Azure Event Hubs Data Sender", "telemetry-lms", Sender),
                ("Azure Event Hubs Data Sender", "telemetry-reader", Sender),
                ("Azure Event Hubs Data Sender", "telemetry-reader", OtherSender),
                ("Storage Blob Data Reader", "invoices", FirstReader),
                ("Storage Blob Data Reader", "invoices", SecondReader),
                ("Storage Blob Data Reader", "latest", FirstReader),
                ("Storage Blob Data Reader", "latest", SecondReader),
            },
            others.Select(g => (RoleNames[g.Role], g.ScopeName, g.Principal)).Order());
    }

    [Fact]
    public async Task Each_Sender_Has_A_Hub_Of_Its_Own_With_The_Consumer_Group_And_The_App_Names_Them_All()
    {
        var deployed = await Deployed.Value;

        Assert.Equal(
            ["telemetry-lms", "telemetry-reader"],
            deployed.OfType("Microsoft.EventHub/namespaces/eventhubs").Select(h => h.GetProperty("name").GetString()!.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["telemetry-lms/metering", "telemetry-reader/metering"],
            deployed.OfType("Microsoft.EventHub/namespaces/eventhubs/consumergroups").Select(c => string.Join('/', c.GetProperty("name").GetString()!.Split('/')[^2..])).Order(StringComparer.Ordinal));
        var settings = deployed.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString());
        Assert.Equal("lms,reader", settings["Senders"]);
        Assert.Equal("telemetry", settings["EventHubNamePrefix"]);
        Assert.DoesNotContain("EventHubName", settings.Keys);
    }

    [Fact]
    public async Task Every_Role_Assignment_Is_Named_By_Its_Scope_Principal_And_Role()
    {
        var grants = (await Deployed.Value).RoleGrants;

        // guid(scope.id, principal, role): redeploying finds the same assignment instead of failing on a duplicate. The
        // app's identity is named by the app's resource id, which is known before the identity exists.
        Assert.All(grants, g => Assert.Equal(ArmGuid.Of(g.Scope, g.AppId ?? g.Principal, g.Role).ToString(), g.Name));
        Assert.Equal(grants.Count, grants.Select(g => g.Name).Distinct().Count());
    }

    private static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;

    private static int RetentionDays(DeploymentPreview deployed, string container) =>
        Assert.Single(deployed.OfType(RetentionType), p => p.GetProperty("name").GetString()!.EndsWith($"/{container}/default", StringComparison.Ordinal))
            .GetProperty("properties").GetProperty("immutabilityPeriodSinceCreationInDays").GetInt32();

    private static string? Type(JsonElement resource) => resource.GetProperty("type").GetString();

    private static JsonElement Single(IEnumerable<JsonElement> resources, string type) =>
        Assert.Single(resources, r => Type(r) == type);
}
