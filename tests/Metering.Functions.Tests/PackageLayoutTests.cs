using System.Diagnostics;
using System.Text.Json.Nodes;
using Metering.Testing;

namespace Metering.Functions.Tests;

/// <summary>
/// <c>build/check-functions-package.mjs</c>, the check run on a published package before it is deployed: it accepts a
/// complete layout and names what is missing. The test build leaves the Event Hubs host extension out
/// (<c>SkipEventHubsHostExtension</c>), so the check must refuse that output for exactly that reason.
/// </summary>
public sealed class PackageLayoutTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "metering-package-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_Test_Build_Is_Refused_Because_It_Lacks_Only_The_Event_Hubs_Host_Extension()
    {
        var (exitCode, output) = await CheckAsync(FunctionMetadataTests.FunctionsOutputDirectory);

        Assert.Equal(1, exitCode);
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["- function ingest: its eventHubTrigger binding needs the host extension EventHubs, which extensions.json does not list"], problems);
    }

    [Fact]
    public async Task A_Package_With_Every_Host_Extension_Is_Accepted()
    {
        CopyOutputWithEventHubsExtension();

        var (exitCode, output) = await CheckAsync(_copy);

        Assert.True(exitCode == 0, output);
        Assert.Contains("4 functions", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host.json", "host.json is missing from the package root")]
    [InlineData("worker.config.json", "worker.config.json is missing from the package root")]
    [InlineData("Metering.Functions.dll", "the worker Metering.Functions.dll named by worker.config.json is missing")]
    [InlineData(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll", "extension AzureStorageQueues: ./.azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll is missing")]
    public async Task A_Missing_Part_Is_Named(string file, string problem)
    {
        CopyOutputWithEventHubsExtension();
        File.Delete(Path.Combine(_copy, file));

        var (exitCode, output) = await CheckAsync(_copy);

        Assert.Equal(1, exitCode);
        Assert.Contains("- " + problem, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_Settings_Are_Never_Deployed()
    {
        CopyOutputWithEventHubsExtension();
        await File.WriteAllTextAsync(Path.Combine(_copy, "local.settings.json"), "{}");

        var (exitCode, output) = await CheckAsync(_copy);

        Assert.Equal(1, exitCode);
        Assert.Contains("local.settings.json must not be deployed", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    // The build output plus an extensions.json entry for the Event Hubs host extension, as the release build lists it
    // (a stand-in file at its hint path: the check reads the layout, it does not load assemblies).
    private void CopyOutputWithEventHubsExtension()
    {
        var source = FunctionMetadataTests.FunctionsOutputDirectory;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var extensionsPath = Path.Combine(_copy, "extensions.json");
        var extensions = JsonNode.Parse(File.ReadAllText(extensionsPath))!;
        extensions["extensions"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "EventHubs",
            ["typeName"] = "Microsoft.Azure.WebJobs.EventHubs.EventHubsWebJobsStartup, Microsoft.Azure.WebJobs.Extensions.EventHubs",
            ["hintPath"] = "./.azurefunctions/Microsoft.Azure.WebJobs.Extensions.EventHubs.dll",
        });
        File.WriteAllText(extensionsPath, extensions.ToJsonString());
        File.WriteAllBytes(Path.Combine(_copy, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.EventHubs.dll"), [0x4D, 0x5A]);
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string folder)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFile.PathOf("build/check-functions-package.mjs"));
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
