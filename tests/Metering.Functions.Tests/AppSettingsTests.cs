using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Metering.Functions.Tests.Support;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Infra;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Functions.Tests;

/// <summary>
/// Every app setting and connection the bindings name exists where the app runs: in the app settings that
/// <c>infra/main.bicep</c> deploys (identity-based connections: <c>__fullyQualifiedNamespace</c>,
/// <c>__queueServiceUri</c>, <c>__blobServiceUri</c>) and in <c>local.settings.example.json</c>; and <c>host.json</c> holds
/// only what the deployed plan and the pinned extensions accept.
/// </summary>
public sealed partial class AppSettingsTests
{
    private static readonly Lazy<Task<Dictionary<string, string>>> DeployedSettings = new(async () =>
    {
        var run = await BicepCli.RunAsync("build", "main.bicep", "--stdout");
        Assert.Equal(0, run.ExitCode);
        using var template = JsonDocument.Parse(run.Output);
        var variables = template.RootElement.GetProperty("variables");
        var resources = template.RootElement.GetProperty("resources");
        var site = (resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value))
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        return site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => VariableReference().Match(s.GetProperty("value").GetString()!) is { Success: true } m
                ? variables.GetProperty(m.Groups[1].Value).GetString()!
                : s.GetProperty("value").GetString()!,
            StringComparer.OrdinalIgnoreCase);
    });

    // The app settings a connection needs with a managed identity, by the binding type that uses it.
    private static readonly Dictionary<string, string> IdentitySuffix = new(StringComparer.Ordinal)
    {
        ["eventHubTrigger"] = "__fullyQualifiedNamespace",
        ["queueTrigger"] = "__queueServiceUri",
        ["queue"] = "__queueServiceUri",
        ["blob"] = "__blobServiceUri",
    };

    public static TheoryData<string> SettingNames() => [.. SettingsNamedByBindings().Order(StringComparer.Ordinal)];

    public static TheoryData<string, string> Connections()
    {
        var data = new TheoryData<string, string>();
        foreach (var (connection, type) in FunctionMetadataTests.AllBindings()
            .Where(b => b.Binding.TryGetProperty("connection", out _))
            .Select(b => (b.Binding.GetProperty("connection").GetString()!, b.Binding.GetProperty("type").GetString()!))
            .Distinct()
            .Order())
        {
            data.Add(connection, type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SettingNames))]
    public async Task A_Setting_A_Binding_Names_Is_Deployed_And_In_The_Local_Example(string setting)
    {
        Assert.Contains(setting, (await DeployedSettings.Value).Keys);
        Assert.Contains(setting, FunctionsApp.LocalSettingsExample().Keys);
    }

    [Theory]
    [MemberData(nameof(Connections))]
    public async Task A_Connection_Is_Identity_Based_When_Deployed_And_Present_Locally(string connection, string bindingType)
    {
        var deployed = await DeployedSettings.Value;
        Assert.Contains(connection + IdentitySuffix[bindingType], deployed.Keys);
        Assert.DoesNotContain(connection, deployed.Keys);
        var local = FunctionsApp.LocalSettingsExample();
        Assert.True(
            local.ContainsKey(connection) || local.ContainsKey(connection + IdentitySuffix[bindingType].Replace("__", ":", StringComparison.Ordinal)),
            $"local.settings.example.json has neither {connection} nor {connection}{IdentitySuffix[bindingType]}.");
    }

    [Theory]
    [InlineData(FunctionsComposition.SendersSetting)]
    [InlineData(FunctionsComposition.HubPrefixSetting)]
    public async Task The_Settings_That_Make_One_Ingest_Per_Sender_Are_Deployed_And_In_The_Local_Example(string setting)
    {
        Assert.Contains(setting, (await DeployedSettings.Value).Keys);
        Assert.False(string.IsNullOrWhiteSpace(FunctionsApp.LocalSettingsExample()[setting]));
    }

    [Fact]
    public async Task The_Host_Storage_For_Timers_And_Checkpoints_Is_Identity_Based()
    {
        Assert.Contains("AzureWebJobsStorage__accountName", (await DeployedSettings.Value).Keys);
        Assert.Contains("AzureWebJobsStorage", FunctionsApp.LocalSettingsExample().Keys);
    }

    [Fact]
    public async Task The_Deployed_Queue_And_Container_Settings_Are_The_Names_The_Handlers_Use()
    {
        var deployed = await DeployedSettings.Value;
        var local = FunctionsApp.LocalSettingsExample();
        foreach (var (setting, expected) in FunctionsComposition.BindingNames(StorageNames.Default))
        {
            Assert.Equal((setting, expected), (setting, deployed[setting]));
            Assert.Equal((setting, expected), (setting, local[setting]));
        }
    }

    [Fact]
    public void The_App_Refuses_To_Start_When_A_Binding_Setting_Disagrees_With_The_Storage_Names()
    {
        var refused = StartRefused("Storage:Prefix", "blue");

        Assert.Contains("App setting CloseQueue is 'closes' but must be 'blue-closes'", refused, StringComparison.Ordinal);
        Assert.Contains("LatestContainer", refused, StringComparison.Ordinal);
    }

    // serve and demo refuse a frozen clock too: the deployed app would file every batch under one day and close nothing new.
    [Fact]
    public void The_App_Refuses_To_Start_With_A_Frozen_Clock()
    {
        Assert.Contains("App setting Clock:AsOf is set", StartRefused("Clock:AsOf", "2025-04-01T00:00:00Z"), StringComparison.Ordinal);
    }

    // The local example with one setting changed: the message with which the app refuses to start.
    private static string StartRefused(string setting, string value)
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings[setting] = value;
        return Assert.Throws<InvalidOperationException>(() => new ServiceCollection()
            .AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())).Message;
    }

    [Theory]
    [InlineData(null, 1096)]
    [InlineData("30", 30)]
    public void The_Oldest_Event_Horizon_Of_Ingest_Is_The_App_Setting_Ingest_MaxEventAgeDays(string? days, int expected)
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings["Ingest:MaxEventAgeDays"] = days;

        using var services = new ServiceCollection()
            .AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

        Assert.Equal(NodaTime.Duration.FromDays(expected), services.GetRequiredService<Metering.Pipeline.Ingest.IngestOptions>().MaximumEventAge);
    }

    [Theory]
    [InlineData(null, 1096)]
    [InlineData("90", 90)]
    public void The_Duplicate_Horizon_Of_Ingest_Is_The_App_Setting_Ingest_DuplicateHorizonDays(string? days, int expected)
    {
        var settings = FunctionsApp.LocalSettingsExample();
        settings["Ingest:DuplicateHorizonDays"] = days;

        using var services = new ServiceCollection()
            .AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

        Assert.Equal(NodaTime.Duration.FromDays(expected), services.GetRequiredService<Metering.Hosting.Settings.MeteringSettings>().DuplicateHorizon);
        Assert.IsType<Metering.Storage.Claims.TableEventClaimStore>(services.GetRequiredService<Metering.Domain.Ports.IEventClaimStore>());
    }

    [Fact]
    public async Task Host_Json_Has_No_Function_Timeout_Which_Flex_Consumption_Allows_And_Exports_OpenTelemetry()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryFile.PathOf("host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        // -1: unbounded, so the ingest retry is never cut short of the checkpoint; only the Flex Consumption and
        // Premium/Dedicated plans accept it (the Consumption plan caps at 10 minutes).
        Assert.Equal("-1", root.GetProperty("functionTimeout").GetString());
        Assert.Contains("FC1", await File.ReadAllTextAsync(Path.Combine(BicepCli.InfraDirectory, "main.bicep")), StringComparison.Ordinal);
        Assert.Equal("OpenTelemetry", root.GetProperty("telemetryMode").GetString());
    }

    [Fact]
    public void Host_Json_Sets_Only_Event_Hubs_Options_The_Pinned_Extension_Knows()
    {
        // The host-side options of Microsoft.Azure.WebJobs.Extensions.EventHubs 5.1.0, which the worker extension
        // 5.1.0 pins; minEventBatchSize and maxWaitTime came with 6.x and are ignored by 5.1.0.
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "maxEventBatchSize", "batchCheckpointFrequency", "prefetchCount", "initialOffsetOptions", "clientRetryOptions",
            "partitionOwnershipExpirationInterval", "loadBalancingUpdateInterval", "trackLastEnqueuedEventProperties",
            "customEndpointAddress", "transportType", "webProxy", "eventProcessorOptions",
        };
        Assert.Equal("5.1.0", PinnedVersion("Microsoft.Azure.Functions.Worker.Extensions.EventHubs"));
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryFile.PathOf("host.json")));

        var options = host.RootElement.GetProperty("extensions").GetProperty("eventHubs").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.All(options, option => Assert.Contains(option, known));
        Assert.Equal("fromStart", host.RootElement.GetProperty("extensions").GetProperty("eventHubs").GetProperty("initialOffsetOptions").GetProperty("type").GetString());
    }

    private static string PinnedVersion(string package) =>
        XDocument.Load(RepositoryFile.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    private static IEnumerable<string> SettingsNamedByBindings() =>
        FunctionMetadataTests.AllBindings()
            .SelectMany(b => b.Binding.EnumerateObject())
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .SelectMany(p => SettingReference().Matches(p.Value.GetString()!).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"^\[variables\('(\w+)'\)\]$")]
    private static partial Regex VariableReference();
}
