using System.CommandLine;
using Metering.Cli.Commands;
using Metering.Cli.Tests.Support;
using Metering.Hosting.Composition;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// docs/cli.md and docs/operations.md: a deployed storage account refuses shared keys, so an operator reaches it with
/// <c>--storage-account</c> (or <c>$METERING_STORAGE_ACCOUNT</c>) and an Entra ID sign-in, not a connection string.
/// </summary>
public sealed class StorageAccountOptionTests
{
    [Theory]
    [InlineData(new[] { "--storage-account", "meteringprod" }, null)]
    [InlineData(new string[0], "meteringprod")]
    public void A_Storage_Account_Is_Reached_At_Its_Service_Uris_Without_A_Connection_String(string[] args, string? variable)
    {
        var (settings, problems) = Settings(args, variable);

        Assert.Empty(problems);
        Assert.Null(settings.StorageConnectionString);
        Assert.Equal("meteringprod", settings.StorageAccountName);
        var account = MeteringServiceCollectionExtensions.Connect(settings);
        Assert.Equal(new Uri("https://meteringprod.table.core.windows.net/"), account.Tables.Uri);
        Assert.Equal(new Uri("https://meteringprod.blob.core.windows.net/"), account.Blobs.Uri);
    }

    [Fact]
    public void Without_Either_The_Local_Emulator_Is_Used()
    {
        var (settings, problems) = Settings([], null);

        Assert.Empty(problems);
        Assert.Null(settings.StorageAccountName);
        Assert.NotNull(settings.StorageConnectionString);
    }

    // An option wins over the other way's environment variable: an operator with $METERING_STORAGE exported for the
    // emulator reaches the deployment with --storage-account, and the reverse.
    [Fact]
    public void An_Option_Wins_Over_The_Other_Ways_Variable()
    {
        var global = new GlobalOptions();
        var root = new RootCommand();
        global.AddTo(root);
        string? Both(string name) => name == GlobalOptions.StorageVariable ? "UseDevelopmentStorage=true" : name == GlobalOptions.StorageAccountVariable ? "meteringprod" : null;
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, Both, false);
        var problems = new List<string>();

        var byAccount = global.Settings(root.Parse(["--storage-account", "meteringtest"]), environment, problems);
        var byConnection = global.Settings(root.Parse(["--storage", "UseDevelopmentStorage=true"]), environment, problems);
        var byVariables = global.Settings(root.Parse([]), environment, problems);

        Assert.Equal(("meteringtest", null), (byAccount.StorageAccountName, byAccount.StorageConnectionString));
        Assert.Equal((null, "UseDevelopmentStorage=true"), (byConnection.StorageAccountName, byConnection.StorageConnectionString));
        Assert.Single(problems, p => p.Contains("give one", StringComparison.Ordinal));
        Assert.NotNull(byVariables);
    }

    [Theory]
    [InlineData(new[] { "--storage-account", "meteringprod", "--storage", "UseDevelopmentStorage=true" }, "give one")]
    [InlineData(new[] { "--storage-account", "Metering_Prod" }, "is not a storage account name")]
    [InlineData(new[] { "--storage-account", "ab" }, "is not a storage account name")]
    public void Two_Ways_To_Storage_Or_A_Malformed_Account_Name_Is_Refused(string[] args, string problem)
    {
        var (_, problems) = Settings(args, null);

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Command_Line_Refuses_Both_With_Exit_2()
    {
        var run = await CliRun.RunAsync(["invoices", "list", "--storage-account", "meteringprod", "--storage", "UseDevelopmentStorage=true"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--storage-account and --storage", run.Error, StringComparison.Ordinal);
    }

    private static (Metering.Hosting.Settings.MeteringSettings Settings, List<string> Problems) Settings(string[] args, string? accountVariable)
    {
        var global = new GlobalOptions();
        var root = new RootCommand();
        global.AddTo(root);
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, name => name == GlobalOptions.StorageAccountVariable ? accountVariable : null, false);
        var problems = new List<string>();
        var settings = global.Settings(root.Parse(args), environment, problems);
        return (settings, problems);
    }
}
