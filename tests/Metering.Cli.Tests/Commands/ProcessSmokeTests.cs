using System.Diagnostics;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// The real executable, as a user runs it (<c>dotnet metering.dll</c>), with the storage account from
/// <c>METERING_STORAGE</c>. The ingest step needs the real planner (events branch).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Tenants_Apply_Then_Ingest_In_A_Real_Process()
    {
        using var files = new TestFiles();
        var prefix = AzuriteFixture.NewPrefix();

        var apply = await RunAsync(prefix, "tenants", "apply", files.Write("tenants.json", SampleInput.Tenants));
        var ingest = await RunAsync(prefix, "ingest", files.Write("events.ndjson", SampleInput.MixedNdjson()), "--json", "--as-of", SampleInput.AsOf);
        var invalid = await RunAsync(prefix, "ingest");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Equal(6, JsonDocument.Parse(ingest.Out).RootElement.GetProperty("accepted").GetInt64());
        Assert.Equal(2, invalid.ExitCode);
    }

    private async Task<CliRun> RunAsync(string prefix, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metering.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["METERING_STORAGE"] = azurite.ConnectionString;
        start.Environment["METERING_PREFIX"] = prefix;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
