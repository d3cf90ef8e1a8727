using System.Text.Json;
using Azure.Core;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Faults;
using NodaTime;
using NodaTime.Text;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// <c>metering close</c>: the schedule step then the queue drained, at --as-of (else now); a summary row per close;
/// exit 3 when a close failed on storage, and running it again completes it without a second revision.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloseCommandTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";

    private const string Portal = """
        {
          "id": "acme-portal",
          "tenants": ["acme", "acme-eu"],
          "term": { "start": "2025-02-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-02-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;

    [Fact]
    public async Task The_Json_Summary_Has_A_Row_Per_Close_With_Reason_Status_Revision_Quantity_And_Total()
    {
        using var pipeline = await ReadyAsync();

        var run = await pipeline.RunAsync("close", "--as-of", "2025-04-03T00:00:00+02:00", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("2025-04-02T22:00:00Z", summary.GetProperty("asOf").GetString());
        Assert.Equal(2, summary.GetProperty("scheduled").GetInt32());
        var rows = summary.GetProperty("closes").EnumerateArray().Select(r => (
            r.GetProperty("window").GetString(), r.GetProperty("reason").GetString(), r.GetProperty("status").GetString(),
            r.GetProperty("revision").GetInt32(), r.GetProperty("quantity").GetInt64(), r.GetProperty("total").GetString(),
            r.GetProperty("invoiceId").GetString()));
        Assert.Equal(
            [
                ("2025-02-01_2025-02-28", "due", "written", 1, 1L, "2.50", "acme-portal.2025-02-01_2025-02-28.r1"),
                (March, "due", "written", 1, 2L, "5.00", "acme-portal.2025-03-01_2025-03-31.r1"),
            ],
            rows);
        Assert.Empty(summary.GetProperty("problems").EnumerateArray());
        Assert.Equal(2, await pipeline.AssertEveryInvoiceValidAsync());
    }

    [Fact]
    public async Task The_Table_Names_Every_Column_And_Running_Again_Writes_Nothing()
    {
        using var pipeline = await ReadyAsync();

        var first = await pipeline.RunAsync("close", "--as-of", "2025-04-03T00:00:00+02:00");
        var second = await pipeline.RunAsync("close", "--as-of", "2025-04-04T00:00:00+02:00");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        foreach (var word in new[] { "Contract", "Kind", "Window", "Period", "invoice", "Reason", "Status", "Revision", "Quantity", "Total", "acme-portal", March, "written", "5.00 EUR" })
        {
            Assert.Contains(word, first.Out, StringComparison.Ordinal);
        }

        Assert.Contains("2 close(s) scheduled (0 statement(s)); 2 written, 0 unchanged, 0 skipped, 0 failed.", first.Out, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Contains("0 close(s) scheduled (0 statement(s)); 0 written", second.Out, StringComparison.Ordinal);
        Assert.Equal(2, await pipeline.AssertEveryInvoiceValidAsync());
    }

    [Fact]
    public async Task Without_As_Of_The_Close_Runs_Now()
    {
        using var pipeline = await ReadyAsync();
        var before = SystemClock.Instance.GetCurrentInstant();

        var closed = await pipeline.CloseAsync(InstantPattern.ExtendedIso.Format(before));
        var now = await pipeline.RunAsync("close", "--json");
        var (_, invoice) = await pipeline.ShowAsync("acme", "acme-portal", March);

        Assert.True(now.ExitCode == ExitCodes.Success, now.ToString());
        var asOf = InstantPattern.ExtendedIso.Parse(JsonDocument.Parse(now.Out).RootElement.GetProperty("asOf").GetString()!).Value;
        Assert.InRange(asOf, before, SystemClock.Instance.GetCurrentInstant());
        Assert.Equal(before, invoice.GeneratedAt);
        Assert.True(closed.GetProperty("scheduled").GetInt32() > 2, "every month of 2025 has ended by now");
        await pipeline.AssertEveryInvoiceValidAsync();
    }

    [Fact]
    public async Task A_Close_That_Fails_On_Storage_Exits_3_And_Running_Again_Completes_It_Without_A_Second_Revision()
    {
        using var pipeline = await ReadyAsync();
        var ledger = FaultInjector.FailWhen(
            m => (m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith($"/{pipeline.Prefix}closes", StringComparison.Ordinal))
                || (m.Request.Method != RequestMethod.Get && m.Request.Uri.Path.Contains($"/{pipeline.Prefix}closes(", StringComparison.Ordinal)),
            FaultKind.ServiceUnavailable);

        var failed = await pipeline.RunThroughAsync(ledger, "close", "--as-of", "2025-04-03T00:00:00+02:00", "--json");
        var resumed = await pipeline.CloseAsync("2025-04-03T01:00:00+02:00");

        Assert.Equal(ExitCodes.StorageFailed, failed.ExitCode);
        Assert.Contains("error: closing acme-portal/2025-02-01_2025-02-28 failed", failed.Error, StringComparison.Ordinal);
        Assert.All(
            JsonDocument.Parse(failed.Out).RootElement.GetProperty("closes").EnumerateArray(),
            r => Assert.Equal("failed", r.GetProperty("status").GetString()));
        Assert.All(resumed.GetProperty("closes").EnumerateArray(), r => Assert.Equal(("unchanged", 1), (r.GetProperty("status").GetString(), r.GetProperty("revision").GetInt32())));
        var list = JsonDocument.Parse((await pipeline.RunAsync("invoices", "list", "--json")).Out).RootElement;
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(2, await pipeline.AssertEveryInvoiceValidAsync());
    }

    [Fact]
    public async Task A_Contract_Whose_Tenants_No_Longer_Share_A_Zone_Is_Reported_And_The_Others_Close()
    {
        using var pipeline = await ReadyAsync();
        await pipeline.ContractsAsync(Portal.Replace("acme-portal", "acme-solo", StringComparison.Ordinal).Replace("\"acme\", \"acme-eu\"", "\"acme\"", StringComparison.Ordinal));
        await pipeline.TenantsAsync("""[{"id": "acme-eu", "zone": "Europe/Berlin", "sources": ["app://vendor"]}]""");

        var run = await pipeline.RunAsync("close", "--as-of", "2025-04-03T00:00:00+02:00", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("warning: contract acme-portal is not closed: ", run.Error, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.All(summary.GetProperty("closes").EnumerateArray(), r => Assert.Equal("acme-solo", r.GetProperty("contract").GetString()));
        Assert.Single(summary.GetProperty("problems").EnumerateArray());
        await pipeline.AssertEveryInvoiceValidAsync();
    }

    [Fact]
    public async Task A_Stored_Contract_That_No_Longer_Reads_Is_A_Warning_And_The_Others_Still_Close()
    {
        using var pipeline = await ReadyAsync();
        await pipeline.ContractsAsync(Portal.Replace("acme-portal", "acme-other", StringComparison.Ordinal));
        var contracts = pipeline.Account.Blobs.GetBlobContainerClient(pipeline.Account.Names.Contracts);
        await contracts.GetBlobClient("acme-portal.json").UploadAsync(BinaryData.FromString("{ \"id\": \"acme-portal\" }"), overwrite: true);

        var run = await pipeline.RunAsync("close", "--as-of", "2025-04-03T00:00:00+02:00", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("warning: not closed: Stored contract acme-portal no longer reads", run.Error, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.NotEmpty(summary.GetProperty("closes").EnumerateArray());
        Assert.All(summary.GetProperty("closes").EnumerateArray(), r => Assert.Equal("acme-other", r.GetProperty("contract").GetString()));
    }

    [Fact]
    public async Task A_Close_That_Fails_For_Another_Reason_Than_Storage_Exits_1()
    {
        using var pipeline = await ReadyAsync();
        await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");
        var contracts = pipeline.Account.Blobs.GetBlobContainerClient(pipeline.Account.Names.Contracts);

        // A close queued before its contract blob was edited by hand so that it no longer reads: running again
        // cannot cure it.
        await new Metering.Storage.Closing.QueueCloseQueue(pipeline.Account).EnqueueAsync(
            new Metering.Domain.Closing.CloseRequest(Metering.Domain.Contracts.ContractId.Parse("acme-portal"), "2025-03-01_2025-03-31", "amended"), default);
        await contracts.GetBlobClient("acme-portal.json").UploadAsync(BinaryData.FromString("{ \"id\": \"acme-portal\" }"), overwrite: true);

        var run = await pipeline.RunAsync("close", "--as-of", "2025-04-04T00:00:00+02:00");

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains("Stored contract acme-portal no longer reads", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Bad_As_Of_Exits_2()
    {
        using var pipeline = new CliPipeline(azurite);

        var run = await pipeline.RunAsync("close", "--as-of", "2025-04-03 00:00");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--as-of", run.Error, StringComparison.Ordinal);
    }

    private async Task<CliPipeline> ReadyAsync()
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""
            [
              {"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]},
              {"id": "acme-eu", "zone": "Europe/Paris", "sources": ["app://vendor"]}
            ]
            """);
        await pipeline.ContractsAsync(Portal);
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile()
            .Login("ana", "2025-02-10T09:00:00+01:00")
            .Login("ana", "2025-03-10T09:00:00+01:00")
            .Login("ana", "2025-03-11T09:00:00+01:00", "acme-eu"));
        return pipeline;
    }
}
