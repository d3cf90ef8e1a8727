using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Activity;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Storage;
using NodaTime;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// <c>metering ingest</c> against Azurite. The tests that ingest events need the real planner (events branch).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IngestCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Good_Events_Are_Stored_Once_And_Exactly_The_Bad_Lines_Are_Dead_Lettered_With_Their_Reasons()
    {
        using var files = new TestFiles();
        var (prefix, account) = await WithTenantsAsync(files);

        var run = await IngestAsync(prefix, files.Write("events.ndjson", SampleInput.MixedNdjson()));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(9, summary.GetProperty("received").GetInt64());
        Assert.Equal(6, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(3, summary.GetProperty("deadLettered").GetInt64());
        var reasons = summary.GetProperty("deadLetteredByReason");
        Assert.Equal(1, reasons.GetProperty(RejectionReason.MalformedJson).GetInt64());
        Assert.Equal(1, reasons.GetProperty(RejectionReason.UnknownType).GetInt64());
        Assert.Equal(1, reasons.GetProperty(RejectionReason.UnregisteredSource).GetInt64());

        var store = new TableActivityStore(account);
        var acmeMarch = await ToListAsync(store.ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default));
        Assert.Equal(["alice", "bob/b#2?"], acmeMarch.Select(p => p.Unit.Value).Order(StringComparer.Ordinal));
        Assert.Equal("zoë", Assert.Single(await ToListAsync(store.ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 3), default))).Unit.Value);
        Assert.Single(await ToListAsync(store.ReadFactsAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default)));

        var deadLetters = await DeadLetterLinesAsync(account);
        Assert.Equal([3L, 6, 9], deadLetters.Select(l => l.GetProperty("position").GetInt64()));
        Assert.Equal([SampleInput.Malformed, SampleInput.UnknownType, SampleInput.Unregistered], deadLetters.Select(l => l.GetProperty("body").GetBytesFromBase64()));
        Assert.Equal(
            [RejectionReason.MalformedJson, RejectionReason.UnknownType, RejectionReason.UnregisteredSource],
            deadLetters.Select(l => l.GetProperty("reasons")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Ingesting_The_Same_File_Again_Changes_No_Entity()
    {
        using var files = new TestFiles();
        var (prefix, account) = await WithTenantsAsync(files);
        var path = files.Write("events.ndjson", SampleInput.MixedNdjson());

        var first = await IngestAsync(prefix, path);
        var before = await TableSnapshot.OfPrefixAsync(account.Tables, prefix);
        var second = await IngestAsync(prefix, path);
        var after = await TableSnapshot.OfPrefixAsync(account.Tables, prefix);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(before.Text, after.Text);
        var summary = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal(0, summary.GetProperty("entitiesWritten").GetInt64());
        Assert.Equal(1, summary.GetProperty("batchesAlreadyRecorded").GetInt64());
    }

    [Fact]
    public async Task Small_Batches_Record_The_Same_Activity_As_One_Large_Batch()
    {
        using var files = new TestFiles();
        var (large, largeAccount) = await WithTenantsAsync(files);
        var (small, smallAccount) = await WithTenantsAsync(files);
        var path = files.Write("events.ndjson", SampleInput.MixedNdjson());

        await IngestAsync(large, path);
        var run = await IngestAsync(small, path, "--batch-size", "2");

        Assert.Equal(5, JsonDocument.Parse(run.Out).RootElement.GetProperty("batches").GetInt64());
        Assert.Equal(await ActivityAsync(largeAccount), await ActivityAsync(smallAccount));
    }

    [Fact]
    public async Task The_Summary_Table_Names_Every_Count()
    {
        using var files = new TestFiles();
        var (prefix, _) = await WithTenantsAsync(files);

        var run = await CliRun.RunAsync(["ingest", files.Write("e.ndjson", SampleInput.MixedNdjson()), "--storage", azurite.ConnectionString, "--prefix", prefix, "--as-of", SampleInput.AsOf]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var label in new[] { "Received", "Accepted", "Dead-lettered", RejectionReason.MalformedJson, "Entities written", "Storage requests" })
        {
            Assert.Contains(label, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_Files_And_A_Bad_As_Of_Exit_2_Listing_Every_Problem()
    {
        var run = await CliRun.RunAsync(["ingest", "/no/such/a.ndjson", "/no/such/b.ndjson", "--as-of", "yesterday", "--storage", azurite.ConnectionString]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("a.ndjson: no such file", run.Error, StringComparison.Ordinal);
        Assert.Contains("b.ndjson: no such file", run.Error, StringComparison.Ordinal);
        Assert.Contains("--as-of", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1L, 0L)] // the default horizon, 1,096 days, keeps a 40-day-old event
    [InlineData("30", 0L, 1L)]
    public async Task The_Oldest_Event_Horizon_Is_An_Option_And_An_Event_Beyond_It_Is_Dead_Lettered_As_Too_Old(string? days, long accepted, long tooOld)
    {
        using var files = new TestFiles();
        var (prefix, _) = await WithTenantsAsync(files);
        var old = CloudEvents.Ndjson([CloudEvents.Body("o", "app://crm", "acme", "user.login", "alice", "2024-02-21T00:00:00Z")]);

        var run = await IngestAsync(prefix, files.Write("old.ndjson", old), days is null ? [] : ["--max-event-age-days", days]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var summary = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(accepted, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(tooOld, summary.GetProperty("deadLetteredByReason").TryGetProperty(RejectionReason.TooOld, out var count) ? count.GetInt64() : 0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("365251")]
    public async Task A_Horizon_Outside_One_Day_To_A_Thousand_Years_Is_Refused(string days)
    {
        using var files = new TestFiles();

        var run = await IngestAsync(AzuriteFixture.NewPrefix(), files.Write("none.ndjson", ""), "--max-event-age-days", days);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--max-event-age-days must be from 1 to 365250 (a thousand years).", run.Error, StringComparison.Ordinal);
    }

    // docs/events.md, "Duplicates and reused ids": a1 for ok1, then a1 again for ok1-different-content: the second is
    // dead-lettered as conflicting-duplicate, unless it comes after the duplicate horizon.
    [Theory]
    [InlineData(null, "2024-03-10T00:00:00Z", 0L, 1L)]
    [InlineData("30", "2024-03-10T00:00:00Z", 0L, 1L)]
    [InlineData("30", "2024-04-10T00:00:00Z", 1L, 0L)]
    public async Task A_Reused_Id_Is_Dead_Lettered_As_Conflicting_Within_The_Duplicate_Horizon(string? days, string secondAsOf, long accepted, long conflicting)
    {
        using var files = new TestFiles();
        var (prefix, account) = await WithTenantsAsync(files);
        var first = files.Write("first.ndjson", CloudEvents.Ndjson([CloudEvents.Body("a1", "app://crm", "acme", "user.login", "ok1", "2024-03-01T09:00:00Z")]));
        var reuse = CloudEvents.Body("a1", "app://crm", "acme", "user.login", "ok1-different-content", "2024-03-01T09:00:00Z");
        var second = files.Write("second.ndjson", CloudEvents.Ndjson([reuse]));
        string[] horizon = days is null ? [] : ["--duplicate-horizon-days", days];

        var one = await CliRun.RunAsync(["ingest", first, "--json", "--as-of", "2024-03-02T00:00:00Z", "--prefix", prefix, .. horizon],
            variables: new Dictionary<string, string> { ["METERING_STORAGE"] = azurite.ConnectionString });
        var two = await CliRun.RunAsync(["ingest", second, "--json", "--as-of", secondAsOf, "--prefix", prefix, .. horizon],
            variables: new Dictionary<string, string> { ["METERING_STORAGE"] = azurite.ConnectionString });

        Assert.True(one.ExitCode == ExitCodes.Success, one.ToString());
        Assert.True(two.ExitCode == ExitCodes.Success, two.ToString());
        var summary = JsonDocument.Parse(two.Out).RootElement;
        Assert.Equal(accepted, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(conflicting, summary.GetProperty("deadLetteredByReason").TryGetProperty(RejectionReason.ConflictingDuplicate, out var count) ? count.GetInt64() : 0);
        var letters = await account.Blobs.GetBlobContainerClient(account.Names.DeadLetter).ExistsAsync() ? await DeadLetterLinesAsync(account) : [];
        Assert.Equal(conflicting, letters.Count);
        Assert.All(letters, l => Assert.Equal(reuse, l.GetProperty("body").GetBytesFromBase64()));
    }

    [Fact]
    public async Task A_Duplicate_Horizon_Outside_One_Day_To_A_Thousand_Years_Is_Refused()
    {
        using var files = new TestFiles();

        var run = await IngestAsync(AzuriteFixture.NewPrefix(), files.Write("none.ndjson", ""), "--duplicate-horizon-days", "0");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--duplicate-horizon-days must be from 1 to 365250 (a thousand years).", run.Error, StringComparison.Ordinal);
    }

    private async Task<(string Prefix, StorageAccount Account)> WithTenantsAsync(TestFiles files)
    {
        var prefix = AzuriteFixture.NewPrefix();
        var run = await CliRun.RunAsync(["tenants", "apply", files.Write(prefix + ".json", SampleInput.Tenants), "--storage", azurite.ConnectionString, "--prefix", prefix]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        return (prefix, StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageNames(prefix)));
    }

    private Task<CliRun> IngestAsync(string prefix, string path, params string[] more) =>
        CliRun.RunAsync(["ingest", path, "--json", "--as-of", SampleInput.AsOf, "--prefix", prefix, .. more],
            variables: new Dictionary<string, string> { ["METERING_STORAGE"] = azurite.ConnectionString });

    private static async Task<string> ActivityAsync(StorageAccount account)
    {
        var snapshot = await TableSnapshot.OfTablesAsync(account.Tables, [account.Names.Presence, account.Names.Facts]);
        return snapshot.Text.Replace(account.Names.Prefix, string.Empty, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> DeadLetterLinesAsync(StorageAccount account)
    {
        var container = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter);
        var lines = new List<JsonElement>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            var text = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement));
        }

        return lines;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
