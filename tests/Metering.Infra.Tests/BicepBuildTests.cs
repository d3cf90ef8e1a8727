namespace Metering.Infra.Tests;

public sealed class BicepBuildTests
{
    [Fact]
    public async Task Main_Template_Builds_Without_Any_Warning()
    {
        var run = await BicepCli.RunAsync("build", "main.bicep", "--stdout");

        Assert.Empty(run.Diagnostics);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"$schema\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_Template_Passes_The_Linter_Without_Any_Warning()
    {
        var run = await BicepCli.RunAsync("lint", "main.bicep");

        Assert.Empty(run.Diagnostics);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Parameters_File_Builds_Against_The_Template()
    {
        var run = await BicepCli.RunAsync("build-params", "main.bicepparam", "--stdout");

        Assert.Empty(run.Diagnostics);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task A_Broken_Property_Is_Reported_As_A_Warning()
    {
        // Guards the guard: if the CLI stopped reporting type warnings, the tests above would pass vacuously.
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.bicep");
        await File.WriteAllTextAsync(broken, "resource s 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n  location: 'westeurope'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n  properties: { allowSharedKeyAccesss: false }\n}\n");
        try
        {
            var run = await BicepCli.RunAsync("build", broken, "--stdout");
            Assert.Contains(run.Diagnostics, d => d.Contains("BCP037", StringComparison.Ordinal) || d.Contains("BCP089", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
