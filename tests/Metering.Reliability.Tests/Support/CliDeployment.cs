using System.Text.Json;
using Metering.Cli;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Azurite;
using NodaTime;
using NodaTime.Text;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// A deployment driven through the <c>metering</c> verbs, as an operator drives it, under a prefix of its own in the
/// shared Azurite, with a folder for its input files.
/// </summary>
internal sealed class CliDeployment : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "metering-reliability-" + Guid.NewGuid().ToString("N"));

    public CliDeployment(AzuriteFixture azurite)
    {
        _azurite = azurite;
        Prefix = AzuriteFixture.NewPrefix();
        Direct = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(Prefix));
        Directory.CreateDirectory(_folder);
    }

    public string Prefix { get; }

    /// <summary>The account as an auditor reads it.</summary>
    public StorageAccount Direct { get; }

    public static string SamplesTenants => RepositoryFile.PathOf("samples/tenants.json");

    public static string[] SampleContracts =>
        [.. Directory.GetFiles(Path.Combine(Path.GetDirectoryName(SamplesTenants)!, "contracts"), "*.json").Order(StringComparer.Ordinal)];

    public static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>The storage options that point a run at this deployment.</summary>
    public string[] StorageArgs => ["--storage", _azurite.ConnectionString, "--prefix", Prefix];

    /// <summary>Runs <c>metering</c> in this process.</summary>
    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, _ => null, IsTerminal: false);
        var code = await MeteringCli.RunAsync([.. args, .. StorageArgs], environment, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a verb that must succeed and print JSON; returns the JSON.</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await RunAsync([.. args, "--json"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return JsonDocument.Parse(run.Out).RootElement.Clone();
    }

    public async Task SucceedsAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Registers the sample tenants and contracts.</summary>
    public async Task RegisterAsync()
    {
        await SucceedsAsync("tenants", "apply", SamplesTenants);
        await SucceedsAsync(["contracts", "apply", .. SampleContracts]);
    }

    public Task<InvoiceSnapshot> InvoicesAsync() => InvoiceSnapshot.OfAsync(Direct);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
