using System.Text;
using System.Text.Json;
using Metering.Cli.Demo;
using Metering.Cli.Tests.Support;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Azurite;
using Metering.Testing.Storage;
using NodaTime.Text;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// docs/rating.md: <c>metering rate</c> measures a contract that is not applied over the demo's stored activity with
/// the close's own code, sets it beside what an applied contract published, and writes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RateCommandTests(AzuriteFixture azurite)
{
    private static readonly string AsOf = InstantPattern.ExtendedIso.Format(DemoWorld.LateAsOf);

    private const string AmendedSeats = """
        {
          "id": "contoso-seats",
          "name": "Contoso design suite, assigned seats",
          "tenants": ["contoso"],
          "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [
            { "version": 1, "effective": "2025-01-01", "template": "assigned-seats",
              "commercial": { "currency": "GBP", "unitPrice": "5.00" } },
            { "version": 2, "effective": "2025-03-01", "template": "assigned-seats",
              "commercial": { "currency": "GBP", "unitPrice": "4.00", "minimumQuantity": 1000 } }
          ]
        }
        """;

    private const string FlexDraft = """
        {
          "id": "contoso-flex",
          "name": "Contoso design suite, Flex Plan (what if)",
          "tenants": ["contoso"],
          "term": { "start": "2024-04-01", "end": "2026-03-31" },
          "versions": [
            { "version": 1, "effective": "2024-04-01", "template": "flex-true-forward",
              "parameters": { "knowledgeWorkers": 250 },
              "commercial": { "currency": "GBP", "unitPrice": "4.00", "annualUnitPrice": "48.00" } }
          ]
        }
        """;

    private const string ProgressiveTovuti = """
        {
          "id": "acme-tovuti-progressive",
          "name": "ACME academy, users active in the contract year, billed month by month (what if)",
          "tenants": ["acme"],
          "term": { "start": "2024-04-01", "end": "2026-03-31" },
          "versions": [
            { "version": 1, "effective": "2024-04-01", "template": "contract-year-active",
              "commercial": { "currency": "EUR", "unitPrice": "2.00", "progressive": true } }
          ]
        }
        """;

    // Done when: rating each applied demo contract over its own range reproduces its published figures and totals
    // exactly: the rated measurement and commercial sections are the published revision's, byte for byte.
    [Fact]
    public async Task Rating_Each_Applied_Demo_Contract_Reproduces_Its_Published_Figures_And_Lines_Byte_For_Byte()
    {
        var prefix = await DemoAsync();
        var contracts = Directory.GetFiles(Path.GetDirectoryName(RepositoryFile.PathOf("samples/contracts/contoso-seats.json"))!, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(19, contracts.Length);
        var windows = 0;

        foreach (var file in contracts)
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var rating = await RateAsync(prefix, file, "--compare", id);

            var rows = rating.GetProperty("windows").EnumerateArray().ToArray();
            Assert.NotEmpty(rows);
            foreach (var row in rows)
            {
                var where = $"{id} {row.GetProperty("window").GetString()}";
                var rated = row.GetProperty("rated");
                var published = row.GetProperty("published");
                Assert.True(rated.ValueKind == JsonValueKind.Object && published.ValueKind == JsonValueKind.Object, where);
                Assert.True(rated.GetProperty("measurement").GetRawText() == published.GetProperty("measurement").GetRawText(), where);
                Assert.True(rated.GetProperty("commercial").GetRawText() == published.GetProperty("commercial").GetRawText(), where);
                Assert.Equal(0, row.GetProperty("difference").GetProperty("quantity").GetInt64());
                windows++;
            }

            Assert.All(rating.GetProperty("totals").EnumerateArray(), t => Assert.Equal(t.GetProperty("rated").GetString(), t.GetProperty("published").GetString()));
        }

        Assert.True(windows >= 19);
    }

    // A draft amendment of an applied contract (same id, a later version) shows exactly what the amendment changes:
    // January and February as published, March under version 2 (a minimum of 1,000 seats at 4.00).
    [Fact]
    public async Task A_Draft_Amendment_Shows_Exactly_The_Windows_It_Changes_And_The_Difference_In_Money()
    {
        var prefix = await DemoAsync();
        using var files = new TestFiles();

        var rating = await RateAsync(prefix, files.Write("amended.json", AmendedSeats), "--compare", "contoso-seats");

        var rows = rating.GetProperty("windows").EnumerateArray().ToDictionary(r => r.GetProperty("window").GetString()!);
        Assert.Equal(["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-31"], rows.Keys);
        Assert.Equal("0.00", rows["2025-01-01_2025-01-31"].GetProperty("difference").GetProperty("amount").GetString());
        Assert.Equal("0.00", rows["2025-02-01_2025-02-28"].GetProperty("difference").GetProperty("amount").GetString());
        var march = rows["2025-03-01_2025-03-31"];
        Assert.Equal(2, march.GetProperty("rated").GetProperty("version").GetInt32());
        var publishedMarch = decimal.Parse(march.GetProperty("published").GetProperty("commercial").GetProperty("total").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("4000.00", march.GetProperty("rated").GetProperty("commercial").GetProperty("total").GetString());
        Assert.Equal((4000m - publishedMarch).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), march.GetProperty("difference").GetProperty("amount").GetString());
        var total = Assert.Single(rating.GetProperty("totals").EnumerateArray());
        Assert.Equal("GBP", total.GetProperty("currency").GetString());
        Assert.Equal(march.GetProperty("difference").GetProperty("amount").GetString(), total.GetProperty("difference").GetString());
    }

    // Done when: the assigned-seats tenant rated under a flex-true-forward draft prints per-window figures and the
    // difference in money, and storage is untouched (tables, blobs and queues compared before and after).
    [Fact]
    public async Task A_Flex_Plan_Draft_Over_The_Assigned_Seats_Tenant_Prints_Its_Windows_And_The_Money_Difference_And_Writes_Nothing()
    {
        var prefix = await DemoAsync();
        using var files = new TestFiles();
        var draft = files.Write("flex.json", FlexDraft);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix));
        var before = await SnapshotAsync(account);

        var rating = await RateAsync(prefix, draft, "--compare", "contoso-seats");
        var table = await CliRun.RunAsync(["rate", "--contract", draft, "--compare", "contoso-seats", "--as-of", AsOf, "--storage", azurite.ConnectionString, "--prefix", prefix]);

        Assert.Equal(before, await SnapshotAsync(account));
        var year = Assert.Single(rating.GetProperty("windows").EnumerateArray(), w => w.GetProperty("rated").ValueKind == JsonValueKind.Object);
        Assert.Equal("2024-04-01_2025-03-31", year.GetProperty("window").GetString());
        Assert.Equal("flex-true-forward", year.GetProperty("rated").GetProperty("template").GetString());
        Assert.Equal(12, year.GetProperty("rated").GetProperty("measurement").GetProperty("subWindows").GetArrayLength());
        var months = rating.GetProperty("windows").EnumerateArray().Where(w => w.GetProperty("published").ValueKind == JsonValueKind.Object).ToArray();
        Assert.Equal(3, months.Length);
        var total = Assert.Single(rating.GetProperty("totals").EnumerateArray());
        var rated = decimal.Parse(total.GetProperty("rated").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var published = decimal.Parse(total.GetProperty("published").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((rated - published).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), total.GetProperty("difference").GetString());
        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.Contains("2024-04-01_2025-03-31", table.Out, StringComparison.Ordinal);
        Assert.Contains("nothing was written", table.Out, StringComparison.Ordinal);
    }

    // Under progressive billing a window's invoice totals 0: its months' statements bill the money (docs/contracts.md).
    // Rating prices such a window at what it bills in all, the invoice's total and its statements', not at 0.
    [Fact]
    public async Task A_Progressive_Draft_Is_Priced_At_What_Its_Statements_Bill_Not_At_Its_Invoices_Zero()
    {
        var prefix = await DemoAsync();
        using var files = new TestFiles();

        var rating = await RateAsync(prefix, files.Write("progressive.json", ProgressiveTovuti), "--compare", "acme-tovuti");

        var year = Assert.Single(rating.GetProperty("windows").EnumerateArray(), w => w.GetProperty("window").GetString() == "2024-04-01_2025-03-31");
        var rated = year.GetProperty("rated");
        var units = rated.GetProperty("quantity").GetInt64();
        var billed = (units * 2.00m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(units > 0);
        Assert.Equal("0.00", rated.GetProperty("commercial").GetProperty("total").GetString());
        Assert.Equal(billed, rated.GetProperty("windowAmount").GetString());
        var published = year.GetProperty("published");
        Assert.Equal(published.GetProperty("commercial").GetProperty("total").GetString(), published.GetProperty("windowAmount").GetString());
        var publishedAmount = decimal.Parse(published.GetProperty("windowAmount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((units * 2.00m - publishedAmount).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), year.GetProperty("difference").GetProperty("amount").GetString());
        var total = Assert.Single(rating.GetProperty("totals").EnumerateArray());
        Assert.Equal(billed, total.GetProperty("rated").GetString());
    }

    [Fact]
    public async Task A_Draft_With_Problems_Is_Refused_Listing_Every_One_Like_Contracts_Apply()
    {
        using var files = new TestFiles();
        var broken = FlexDraft.Replace("\"knowledgeWorkers\": 250", "\"knowledgeWorkers\": 60", StringComparison.Ordinal).Replace("\"GBP\"", "\"XXX\"", StringComparison.Ordinal);

        var run = await CliRun.RunAsync(["rate", "--contract", files.Write("broken.json", broken), "--from", "2025-02-30", "--compare", "Not An Id", "--storage", azurite.ConnectionString, "--prefix", AzuriteFixture.NewPrefix()]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("knowledgeWorkers", run.Error, StringComparison.Ordinal);
        Assert.Contains("currency", run.Error, StringComparison.Ordinal);
        Assert.Contains("--from", run.Error, StringComparison.Ordinal);
        Assert.Contains("--compare", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comparing_With_A_Contract_That_Is_Not_Applied_Is_Refused()
    {
        var prefix = await DemoAsync();
        using var files = new TestFiles();

        var run = await CliRun.RunAsync(["rate", "--contract", files.Write("flex.json", FlexDraft), "--compare", "nobody", "--as-of", AsOf, "--storage", azurite.ConnectionString, "--prefix", prefix]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("no applied contract has the id 'nobody'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_And_To_Keep_The_Windows_Inside_The_Range()
    {
        var prefix = await DemoAsync();

        var rating = await RateAsync(prefix, RepositoryFile.PathOf("samples/contracts/contoso-seats.json"), "--from", "2025-02-01", "--to", "2025-03-15", "--compare", "contoso-seats");

        Assert.Equal(["2025-02-01_2025-02-28"], rating.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("window").GetString()));
        Assert.Equal("2025-02-01", rating.GetProperty("from").GetString());
        Assert.Equal("2025-03-15", rating.GetProperty("to").GetString());
    }

    [Theory]
    [InlineData("--to", "2025-03-15", null, "2025-03-15")]
    [InlineData("--from", "2025-02-01", "2025-02-01", null)]
    public async Task A_Bound_Not_Given_Is_Null_In_The_Json(string option, string day, string? from, string? to)
    {
        var prefix = await DemoAsync();

        var rating = await RateAsync(prefix, RepositoryFile.PathOf("samples/contracts/contoso-seats.json"), option, day, "--compare", "contoso-seats");

        Assert.Equal((from, to), (rating.GetProperty("from").GetString(), rating.GetProperty("to").GetString()));
    }

    private async Task<JsonElement> RateAsync(string prefix, string contract, params string[] more)
    {
        var run = await CliRun.RunAsync(["rate", "--contract", contract, "--json", "--as-of", AsOf, "--storage", azurite.ConnectionString, "--prefix", prefix, .. more]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return JsonDocument.Parse(run.Out).RootElement.Clone();
    }

    // The shared demo at a tenth of its volume: rating writes nothing, so it can read the same storage.
    private async Task<string> DemoAsync() => (await SharedDemo.GetAsync(azurite)).Prefix;

    private static async Task<string> SnapshotAsync(StorageAccount account)
    {
        var text = new StringBuilder((await TableSnapshot.OfPrefixAsync(account.Tables, account.Names.Prefix)).Text);
        await foreach (var container in account.Blobs.GetBlobContainersAsync(new Azure.Storage.Blobs.Models.BlobContainerTraits(), new Azure.Storage.Blobs.Models.BlobContainerStates(), prefix: account.Names.Prefix + "-"))
        {
            await foreach (var blob in account.Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
            {
                text.Append('\n').Append(container.Name).Append('/').Append(blob.Name).Append(' ').Append(blob.Properties.ETag);
            }
        }

        await foreach (var queue in account.Queues.GetQueuesAsync(prefix: account.Names.Prefix + "-"))
        {
            var messages = await account.Queues.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            text.Append('\n').Append(queue.Name).Append(' ').AppendJoin(',', messages.Value.Select(m => m.MessageText));
        }

        return text.ToString();
    }
}
