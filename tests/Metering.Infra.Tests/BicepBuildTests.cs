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

    [Theory]
    [InlineData("{ name: '', principalIds: [] }", "BCP333")]
    [InlineData("{ name: 'lms' }", "BCP035")]
    [InlineData("{ name: 'lms', principalIds: [], hub: 'telemetry' }", "BCP037")]
    [InlineData("{ name: 'a-sender-id-of-sixty-four-characters-which-is-one-too-many-xyz12', principalIds: [] }", "BCP332")]
    public async Task A_Sender_That_Does_Not_Fit_The_Sender_Type_Is_An_Error_In_The_Parameters_File(string sender, string code)
    {
        var folder = Directory.CreateTempSubdirectory("metering-params-");
        try
        {
            var template = Path.GetRelativePath(folder.FullName, Path.Combine(BicepCli.InfraDirectory, "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(folder.FullName, "senders.bicepparam");
            await File.WriteAllTextAsync(file, $"using '{template}'\n\nparam baseName = 'metering'\nparam senders = [{sender}]\n");

            var run = await BicepCli.RunAsync("build-params", file, "--stdout");

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(run.Diagnostics, d => d.Contains($"Error {code}", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
