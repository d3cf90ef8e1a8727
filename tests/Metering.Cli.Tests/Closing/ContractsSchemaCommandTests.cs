using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Testing;

namespace Metering.Cli.Tests.Closing;

/// <summary><c>metering contracts schema</c>: the schema a contract author validates against, every template included, without storage.</summary>
public sealed class ContractsSchemaCommandTests
{
    [Fact]
    public async Task Prints_A_Schema_Every_Sample_Contract_Passes()
    {
        var run = await CliRun.RunAsync(["contracts", "schema"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var schema = SchemaFile.FromText("the printed schema", run.Out);
        var samples = Directory.GetFiles(Path.GetDirectoryName(RepositoryFile.PathOf("samples/contracts/sakura-sap.json"))!, "*.json");
        Assert.NotEmpty(samples);
        foreach (var sample in samples)
        {
            await schema.AssertValidAsync(await File.ReadAllTextAsync(sample));
        }
    }

    [Fact]
    public async Task Writes_The_Same_Schema_To_A_File_With_Out()
    {
        using var files = new TestFiles();
        var path = files.Write("contract.schema.json", "stale");

        var written = await CliRun.RunAsync(["contracts", "schema", "--out", path]);
        var printed = await CliRun.RunAsync(["contracts", "schema"]);

        Assert.True(written.ExitCode == ExitCodes.Success, written.ToString());
        Assert.Equal("", written.Out);
        Assert.Equal(printed.Out, await File.ReadAllTextAsync(path));
        Assert.Equal("http://json-schema.org/draft-07/schema#", JsonDocument.Parse(printed.Out).RootElement.GetProperty("$schema").GetString());
    }
}
