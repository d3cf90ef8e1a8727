using Metering.Domain.Closing;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Testing.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Tests.Support;

/// <summary>
/// One run of <c>metering demo</c> at a tenth of its volume, shared by the test classes that only read what it stored
/// (explain, reconcile, the report): its storage prefix and its output folder (telemetry files kept).
/// </summary>
public static class SharedDemo
{
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static (string ConnectionString, Demo Demo)? _demo;

    /// <summary>The demo's storage prefix and output folder, run on the first call for this Azurite.</summary>
    public static async Task<Demo> GetAsync(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        await Lock.WaitAsync();
        try
        {
            if (_demo is not { } held || held.ConnectionString != azurite.ConnectionString)
            {
                var prefix = AzuriteFixture.NewPrefix();
                var output = Path.Combine(Path.GetTempPath(), "metering-shared-demo-" + Guid.NewGuid().ToString("N"));
                var run = await CliRun.RunAsync(["demo", "--storage", azurite.ConnectionString, "--prefix", prefix, "--scale", "0.1", "--out", output]);
                Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
                _demo = (azurite.ConnectionString, new Demo(prefix, output));
            }

            return _demo.Value.Demo;
        }
        finally
        {
            Lock.Release();
        }
    }

    /// <summary>The host's composition over <paramref name="prefix"/> of <paramref name="azurite"/>, to read what a verb stored.</summary>
    public static ServiceProvider Services(AzuriteFixture azurite, string prefix)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = prefix,
        }).Build();
        return new ServiceCollection().AddMetering(MeteringSettings.FromConfiguration(configuration)).BuildServiceProvider();
    }

    /// <summary>The latest revision of every published window under <paramref name="prefix"/>.</summary>
    public static async Task<List<(InvoiceRevision Revision, Invoice Invoice)>> LatestInvoicesAsync(AzuriteFixture azurite, string prefix)
    {
        await using var services = Services(azurite, prefix);
        var store = services.GetRequiredService<IInvoiceStore>();
        var latest = new Dictionary<string, InvoiceRevision>(StringComparer.Ordinal);
        await foreach (var revision in store.ListAsync(null, null, CancellationToken.None))
        {
            var key = $"{revision.Tenant}/{revision.Contract}/{revision.WindowId}";
            if (!latest.TryGetValue(key, out var held) || held.Revision < revision.Revision)
            {
                latest[key] = revision;
            }
        }

        var invoices = new List<(InvoiceRevision, Invoice)>();
        foreach (var revision in latest.Values.OrderBy(r => r.BlobName, StringComparer.Ordinal))
        {
            invoices.Add((revision, InvoiceJson.Read((await store.ReadAsync(revision, CancellationToken.None))!.Json)));
        }

        return invoices;
    }

    /// <summary>What the shared demo left.</summary>
    /// <param name="Prefix">Its storage prefix.</param>
    /// <param name="Output">Its <c>--out</c> folder (telemetry/events.ndjson, telemetry/late.ndjson, invoices/).</param>
    public sealed record Demo(string Prefix, string Output);
}
