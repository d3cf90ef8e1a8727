using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Invoices;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// The pipeline driven as a user drives it, with the <c>metering</c> verbs in-process against Azurite under a prefix
/// of its own: tenants apply, contracts apply, ingest, close, invoices show. Each step asserts that the verb succeeded.
/// </summary>
internal sealed class CliPipeline(AzuriteFixture azurite, string? prefix = null) : IDisposable
{
    private readonly TestFiles _files = new();
    private int _written;

    public string Prefix { get; } = prefix ?? AzuriteFixture.NewPrefix();

    public StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(Prefix));

    public Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--storage", azurite.ConnectionString, "--prefix", Prefix]);

    /// <summary>A run whose storage requests pass through <paramref name="policy"/> (fault injection).</summary>
    public Task<CliRun> RunThroughAsync(HttpPipelinePolicy policy, params string[] args) =>
        CliRun.RunAsync([.. args, "--storage", azurite.ConnectionString, "--prefix", Prefix], options => options.AddPolicy(policy, HttpPipelinePosition.PerCall));

    public string Write(string name, string content) => _files.Write($"{Interlocked.Increment(ref _written)}-{name}", content);

    public async Task TenantsAsync(string json) => Succeeded(await RunAsync("tenants", "apply", Write("tenants.json", json)));

    public async Task<JsonElement> ContractsAsync(params string[] documents) =>
        Json(Succeeded(await RunAsync(["contracts", "apply", "--json", .. documents.Select(d => Write("contract.json", d))])));

    public Task<JsonElement> IngestAsync(string asOf, EventFile events) => IngestFileAsync(asOf, Write("events.ndjson", events.Ndjson()));

    public async Task<JsonElement> IngestFileAsync(string asOf, string path) =>
        Json(Succeeded(await RunAsync("ingest", path, "--json", "--as-of", asOf)));

    public async Task<JsonElement> CloseAsync(string asOf) => Json(Succeeded(await RunAsync("close", "--json", "--as-of", asOf)));

    /// <summary>A revision as <c>invoices show</c> prints it (the newest unless one is named), schema-checked and read back.</summary>
    public async Task<(string Text, Invoice Invoice)> ShowAsync(string tenant, string contract, string window, int? revision = null)
    {
        string[] args = revision is { } n
            ? ["invoices", "show", tenant, contract, window, "--revision", n.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["invoices", "show", tenant, contract, window];
        var run = Succeeded(await RunAsync(args));
        var bytes = new UTF8Encoding(false).GetBytes(run.Out);
        await InvoiceSchema.AssertValidAsync(bytes);
        return (run.Out, InvoiceJson.Read(bytes));
    }

    /// <summary>The evidence file an invoice names, as stored.</summary>
    public async Task<byte[]> EvidenceAsync(Invoice invoice) =>
        (await Account.Blobs.GetBlobContainerClient(Account.Names.Invoices).GetBlobClient(invoice.Evidence.BlobName).DownloadContentAsync()).Value.Content.ToArray();

    public void Dispose() => _files.Dispose();

    private static CliRun Succeeded(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return run;
    }

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Out).RootElement.Clone();
}
