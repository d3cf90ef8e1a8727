using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Cli.Tests.Support;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Storage.Accounts;
using Metering.Storage.Closing;
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

    /// <summary>Runs <c>close</c>; every revision it wrote is checked against the invoice schema.</summary>
    public async Task<JsonElement> CloseAsync(string asOf)
    {
        var summary = Json(Succeeded(await RunAsync("close", "--json", "--as-of", asOf)));
        await AssertWrittenAreValidAsync(summary);
        return summary;
    }

    /// <summary>Checks every revision stored in the account against the invoice schema; returns how many there are.</summary>
    public async Task<int> AssertEveryInvoiceValidAsync()
    {
        var invoices = new BlobInvoiceStore(Account);
        var count = 0;
        await foreach (var revision in invoices.ListAsync(null, null, default))
        {
            await InvoiceSchema.AssertValidAsync((await invoices.ReadAsync(revision, default))!.Json.ToArray());
            count++;
        }

        return count;
    }

    /// <summary>Checks every revision a <c>close --json</c> summary reports as written against the invoice or the statement schema.</summary>
    public async Task AssertWrittenAreValidAsync(JsonElement summary)
    {
        var invoices = new BlobInvoiceStore(Account);
        var contracts = new BlobContractStore(Account);
        foreach (var row in summary.GetProperty("closes").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "written"))
        {
            var contract = await contracts.GetAsync(ContractId.Parse(row.GetProperty("contract").GetString()!), default);
            if (row.GetProperty("kind").GetString() == "statement")
            {
                var address = new StatementRevision(
                    contract!.BillingTenant, contract.Id, row.GetProperty("window").GetString()!, row.GetProperty("period").GetString()!, row.GetProperty("revision").GetInt32());
                var statement = await invoices.ReadStatementAsync(address, default);
                Assert.True(statement is not null, $"{address.BlobName} is reported written but is not stored.");
                await StatementSchema.AssertValidAsync(statement.Json.ToArray());
                continue;
            }

            var revision = new InvoiceRevision(contract!.BillingTenant, contract.Id, row.GetProperty("window").GetString()!, row.GetProperty("revision").GetInt32());
            var stored = await invoices.ReadAsync(revision, default);
            Assert.True(stored is not null, $"{revision.BlobName} is reported written but is not stored.");
            await InvoiceSchema.AssertValidAsync(stored.Json.ToArray());
        }
    }

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
