using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Tenants;
using Metering.Storage.Closing;
using Metering.Testing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// Issue 11 through the CLI: <c>close</c> closes a long window's periods as they end and shows them with their kind;
/// <c>statements list</c> and <c>statements show</c> read them back, <c>--json</c> as everywhere.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StatementsCommandTests(AzuriteFixture azurite)
{
    private const string Year = "2025-02-28_2026-02-27";
    private const string First = "2025-02-28_2025-05-28";
    private const string Second = "2025-05-29_2025-08-26";

    [Fact]
    public async Task Close_Shows_Each_Statement_With_Its_Kind_And_List_Reads_Them_With_Their_Figures()
    {
        using var pipeline = await CreateAsync();

        var closed = await pipeline.CloseAsync("2025-09-01T00:00:00Z");
        var table = await pipeline.RunAsync("statements", "list", "--contract", "acme-sap", "--window", Year);
        var listed = await pipeline.RunAsync("statements", "list", "--contract", "acme-sap", "--window", Year, "--json");

        var rows = closed.GetProperty("closes").EnumerateArray().Where(r => r.GetProperty("window").GetString() == Year).ToList();
        Assert.Equal([("statement", First, "period 1", 2L), ("statement", Second, "period 2", 1L)], rows.Select(Row));
        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        foreach (var text in new[] { "Period", "Count", "period 1 (2025-02-28_2025-05-28)", "running-maximum 2", "days-remaining 275", "2 statement revision(s)." })
        {
            Assert.Contains(text, table.Out, StringComparison.Ordinal);
        }

        var items = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal([First, Second], items.Select(i => i.GetProperty("period").GetString()));
        Assert.Equal(["period", "period"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal([2L, 1L], items.Select(i => i.GetProperty("count").GetInt64()));
        Assert.Equal(["2", "2"], items.Select(i => i.GetProperty("figures").GetProperty("running-maximum").GetString()));
        Assert.Equal($"acme-sap.{Year}.{First}.r1", items[0].GetProperty("statementId").GetString());
    }

    [Fact]
    public async Task Show_Writes_The_Stored_Statement_And_Latest_Keeps_The_Newest_Revision()
    {
        using var pipeline = await CreateAsync();
        await pipeline.CloseAsync("2025-09-01T00:00:00Z");
        await pipeline.IngestAsync("2025-09-02T00:00:00Z", new EventFile(firstId: 100).Add("app.launched", "dé/ü#1", "2025-04-02T10:00:00Z"));
        await pipeline.CloseAsync("2025-09-02T01:00:00Z");

        var newest = await pipeline.RunAsync("statements", "show", "acme", "acme-sap", Year, First);
        var first = await pipeline.RunAsync("statements", "show", "acme", "acme-sap", Year, First, "--revision", "1");
        var latest = await pipeline.RunAsync("statements", "list", "--latest", "--window", Year, "--json");
        var all = await pipeline.RunAsync("statements", "list", "--json");

        Assert.True(newest.ExitCode == ExitCodes.Success, newest.ToString());
        var stored = await StoredAsync(pipeline, First, 2);
        Assert.Equal(stored, Encoding.UTF8.GetBytes(newest.Out));
        await StatementSchema.AssertValidAsync(stored);
        var revised = StatementJson.Read(stored);
        Assert.Equal((3L, 1L), (revised.Count, revised.LateEvents.Values.Sum()));
        Assert.Equal(await StoredAsync(pipeline, First, 1), Encoding.UTF8.GetBytes(first.Out));
        var kept = JsonDocument.Parse(latest.Out).RootElement.EnumerateArray().Select(i => (i.GetProperty("period").GetString(), i.GetProperty("revision").GetInt32(), i.GetProperty("latest").GetBoolean()));
        Assert.Equal([(First, 2, true), (Second, 2, true)], kept);
        // The first year's four periods (r1 each) and the second year's two, both revised: six periods, eight revisions.
        Assert.Equal(8, JsonDocument.Parse(all.Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("2025-05-29_2025-08-26", "--revision", "4", "has no revision 4; its revisions are 1")]
    [InlineData("2025-08-27_2025-11-24", null, null, "no statement of acme/acme-sap/2025-02-28_2026-02-27/2025-08-27_2025-11-24: that period was never closed")]
    [InlineData("2025-08-27", null, null, "PERIOD: '2025-08-27' is not a period id")]
    public async Task A_Period_Or_Revision_That_Does_Not_Exist_Exits_2_With_A_Clear_Message(string period, string? option, string? value, string message)
    {
        using var pipeline = await CreateAsync();
        await pipeline.CloseAsync("2025-09-01T00:00:00Z");

        string[] args = option is null ? ["statements", "show", "acme", "acme-sap", Year, period] : ["statements", "show", "acme", "acme-sap", Year, period, option, value!];
        var run = await pipeline.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    // Progressive billing: a month's statement bills its newly seen users, and close and list show what it bills.
    [Fact]
    public async Task A_Month_Billed_Progressively_Shows_Its_Total_In_Close_And_List()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""[ {"id": "acme", "zone": "UTC", "sources": ["app://vendor"]} ]""");
        await pipeline.ContractsAsync("""
            {
              "id": "acme-year",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "2025-12-31" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "unique-logins",
                              "commercial": { "currency": "EUR", "unitPrice": "12.50", "progressive": true } } ]
            }
            """);
        await pipeline.IngestAsync("2025-02-01T00:00:00Z", new EventFile().Login("ana", "2025-01-05T10:00:00Z").Login("bob", "2025-01-09T10:00:00Z"));

        var closed = await pipeline.CloseAsync("2025-02-04T00:00:00Z");
        var listed = await pipeline.RunAsync("statements", "list", "--json");
        var table = await pipeline.RunAsync("statements", "list");

        var row = Assert.Single(closed.GetProperty("closes").EnumerateArray());
        Assert.Equal(("statement", "EUR", "25.00"), (row.GetProperty("kind").GetString(), row.GetProperty("currency").GetString(), row.GetProperty("total").GetString()));
        var item = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray());
        Assert.Equal(("month-of-distinct-count", 2L, "EUR", "25.00"), (item.GetProperty("kind").GetString(), item.GetProperty("count").GetInt64(), item.GetProperty("currency").GetString(), item.GetProperty("total").GetString()));
        Assert.Contains("25.00 EUR", table.Out, StringComparison.Ordinal);
    }

    private static (string?, string?, string?, long) Row(JsonElement row) =>
        (row.GetProperty("kind").GetString(), row.GetProperty("period").GetString(), row.GetProperty("periodLabel").GetString(), row.GetProperty("quantity").GetInt64());

    private static async Task<byte[]> StoredAsync(CliPipeline pipeline, string period, int revision) =>
        (await new BlobInvoiceStore(pipeline.Account).ReadStatementAsync(
            new StatementRevision(TenantId.Parse("acme"), ContractId.Parse("acme-sap"), Year, period, revision), default))!.Json.ToArray();

    // SAP's ninety-day peak (seed 001) from 29 February 2024: the second year starts on 28 February 2025.
    private async Task<CliPipeline> CreateAsync()
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""[ {"id": "acme", "zone": "UTC", "sources": ["app://vendor"]} ]""");
        await pipeline.ContractsAsync("""
            {
              "id": "acme-sap",
              "tenants": ["acme"],
              "term": { "start": "2024-02-29", "end": "2026-02-27" },
              "versions": [ { "version": 1, "effective": "2024-02-29", "template": "ninety-day-peak" } ]
            }
            """);
        await pipeline.IngestAsync("2025-08-30T00:00:00Z", new EventFile()
            .Add("app.launched", "ana", "2025-03-01T10:00:00Z")
            .Add("app.launched", "bob", "2025-05-28T10:00:00Z")
            .Add("app.launched", "ana", "2025-07-01T10:00:00Z"));
        return pipeline;
    }
}
