using Azure;
using Azure.Data.Tables;
using Metering.Testing.Azurite;
using Xunit;

namespace Metering.Storage.Tests.Support;

/// <summary>
/// The close benchmark gives Azurite a key index (<c>bench/azurite/keyed-tables.js</c>) so that a million-unit close
/// finishes; its counts are only worth reporting if the emulator answers exactly as without it. Two emulators, one
/// plain and one keyed, get the same writes (inserts, merges, replaces, deletes, transactions) and must answer every
/// query page by page alike: the same entities in the same order, the same continuation tokens.
/// </summary>
public sealed class KeyedTablesPreloadTests(KeyedTablesPreloadTests.Emulators emulators) : IClassFixture<KeyedTablesPreloadTests.Emulators>
{
    private const string Preload = "bench/azurite/keyed-tables.js";

    private static readonly string[] Partitions =
    [
        "t|202503|00", "t|202503|01", "t|202503|07", "t|202503|0f", "t|202504|00", "a", "a b", "a~", "Ärger", "é|x", "z'quote", "zz",
    ];

    private readonly TableClient _plainTable = emulators.Plain;
    private readonly TableClient _keyedTable = emulators.Keyed;

    public static TheoryData<string?, int> Queries() => new()
    {
        { null, 1000 },
        { null, 37 },
        { "PartitionKey eq 't|202503|01'", 1000 },
        { "PartitionKey eq 't|202503|01'", 50 },
        { "PartitionKey eq 'z''quote'", 10 },
        { "PartitionKey eq 'missing'", 1000 },
        { "PartitionKey ge 't|202503|' and PartitionKey lt 't|202504|'", 1000 },
        { "PartitionKey ge 't|202503|' and PartitionKey lt 't|202504|'", 64 },
        { "PartitionKey gt 'a' and PartitionKey le 't|202503|07'", 90 },
        { "(PartitionKey gt 'a b') and (RowKey ge 'k|00150')", 100 },
        { "'t|202503|00' le PartitionKey and 't|202503|0f' ge PartitionKey", 70 },
        { "PartitionKey eq 'a' or PartitionKey eq 'zz'", 25 },
        { "not (PartitionKey lt 't|')", 200 },
        { "Value gt 150 and PartitionKey ge 'a'", 33 },
        { "RowKey lt 'k|00010'", 1000 },
        { "PartitionKey eq 't|202503|00' and PartitionKey eq 't|202503|01'", 1000 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Every_Query_Pages_Alike_With_And_Without_The_Key_Index(string? filter, int pageSize)
    {
        var plain = await PagesAsync(_plainTable, filter, pageSize);
        var keyed = await PagesAsync(_keyedTable, filter, pageSize);

        Assert.Equal(plain.Count, keyed.Count);
        for (var page = 0; page < plain.Count; page++)
        {
            Assert.Equal(plain[page].Continuation, keyed[page].Continuation);
            Assert.Equal(plain[page].Rows, keyed[page].Rows);
        }

        if (filter is null)
        {
            // Every row the writes left (another test of the class may have added a few since).
            Assert.InRange(plain.Sum(p => p.Rows.Count), Partitions.Sum(p => p.StartsWith("t|", StringComparison.Ordinal) ? 230 : 40), 2_000);
        }
    }

    [Fact]
    public async Task Queries_After_Deletes_Reinserts_Replaces_And_Merges_Agree()
    {
        // The key index sorts lazily and skips removed keys: query, change the keys, query again.
        const string filter = "PartitionKey ge 'a' and PartitionKey lt 'b'";
        var before = await PagesAsync(_keyedTable, filter, 7);
        Assert.Equal(await PagesAsync(_plainTable, filter, 7), before, PageComparer.Instance);
        foreach (var table in new[] { _plainTable, _keyedTable })
        {
            await table.DeleteEntityAsync("a", "k|00010");
            await table.DeleteEntityAsync("a b", "k|00011");
            await table.AddEntityAsync(new TableEntity("a", "k|00010") { ["Value"] = -10 });
            await table.AddEntityAsync(new TableEntity("a", "k|00000 first") { ["Value"] = -1 });
            await table.AddEntityAsync(new TableEntity("a~", "k|zzz last") { ["Value"] = -2 });
            await table.UpsertEntityAsync(new TableEntity("a b", "k|00012") { ["Value"] = 12_000 }, TableUpdateMode.Replace);
            await table.UpsertEntityAsync(new TableEntity("a~", "k|00013") { ["Merged"] = "yes" }, TableUpdateMode.Merge);
            try
            {
                // A failed transaction that replaced and deleted existing rows before its colliding insert: all undone.
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("a b", "k|00020") { ["Value"] = -20 }),
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("a b", "k|00021")),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a b", "k|00022")),
                ]);
                Assert.Fail("The colliding insert should fail the transaction.");
            }
            catch (TableTransactionFailedException)
            {
            }
        }

        var plain = await PagesAsync(_plainTable, filter, 7);
        var keyed = await PagesAsync(_keyedTable, filter, 7);
        Assert.Equal(plain, keyed, PageComparer.Instance);
        Assert.NotEqual(before.SelectMany(p => p.Rows), keyed.SelectMany(p => p.Rows));
        Assert.Contains(keyed.SelectMany(p => p.Rows), row => row.StartsWith("a / k|00000 first", StringComparison.Ordinal));
        Assert.Contains(keyed.SelectMany(p => p.Rows), row => row.StartsWith("a b / k|00020 /", StringComparison.Ordinal) && row.EndsWith("Text=v20·ü, Value=20", StringComparison.Ordinal));
        Assert.Contains(keyed.SelectMany(p => p.Rows), row => row.StartsWith("a b / k|00021 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Point_Reads_Agree_On_Present_Replaced_Merged_Deleted_And_Missing_Entities()
    {
        foreach (var (partition, row) in new[] { ("a", "k|00003"), ("t|202503|01", "k|00020"), ("zz", "k|00001"), ("a", "k|00004"), ("nope", "k|1") })
        {
            var plain = await _plainTable.GetEntityIfExistsAsync<TableEntity>(partition, row);
            var keyed = await _keyedTable.GetEntityIfExistsAsync<TableEntity>(partition, row);
            Assert.Equal(plain.HasValue, keyed.HasValue);
            if (plain.HasValue)
            {
                Assert.Equal(Describe(plain.Value!), Describe(keyed.Value!));
            }
        }
    }

    private static async Task WriteAsync(TableClient table)
    {
        // Transactions of one partition, then single writes that merge, replace, delete and insert again.
        foreach (var partition in Partitions)
        {
            var rows = partition.StartsWith("t|", StringComparison.Ordinal) ? 230 : 40;
            for (var start = 0; start < rows; start += 100)
            {
                var actions = Enumerable.Range(start, Math.Min(100, rows - start))
                    .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, RowKey(i)) { ["Value"] = i, ["Text"] = $"v{i}·ü" }));
                await table.SubmitTransactionAsync(actions);
            }
        }

        await table.UpsertEntityAsync(new TableEntity("a", "k|00003") { ["Extra"] = true }, TableUpdateMode.Merge);
        await table.UpsertEntityAsync(new TableEntity("t|202503|01", "k|00020") { ["Value"] = 999 }, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("a", "k|00004");
        await table.DeleteEntityAsync("zz", "k|00001");
        await table.AddEntityAsync(new TableEntity("zz", "k|00001") { ["Value"] = 1001 });
        await table.AddEntityAsync(new TableEntity("a", "k|99999 new") { ["Value"] = 5 });
        try
        {
            // A failed transaction (one insert collides) is rolled back whole.
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("zz", "k|rolled back")),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("zz", "k|00002")),
            ]);
            Assert.Fail("The colliding insert should fail the transaction.");
        }
        catch (TableTransactionFailedException)
        {
        }
    }

    private sealed class PageComparer : IEqualityComparer<(string? Continuation, List<string> Rows)>
    {
        public static PageComparer Instance { get; } = new();

        public bool Equals((string? Continuation, List<string> Rows) x, (string? Continuation, List<string> Rows) y) =>
            x.Continuation == y.Continuation && x.Rows.SequenceEqual(y.Rows);

        public int GetHashCode((string? Continuation, List<string> Rows) obj) => obj.Rows.Count;
    }

    private static string RowKey(int i) => i % 17 == 0 ? $"k|{i:D5}%'é" : $"k|{i:D5}";

    private static async Task<List<(string? Continuation, List<string> Rows)>> PagesAsync(TableClient table, string? filter, int pageSize)
    {
        var pages = new List<(string?, List<string>)>();
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize).AsPages())
        {
            pages.Add((page.ContinuationToken, [.. page.Values.Select(Describe)]));
        }

        return pages;
    }

    private static string Describe(TableEntity entity) =>
        $"{entity.PartitionKey} / {entity.RowKey} / {string.Join(", ", entity.Keys.Where(k => k is not ("odata.etag" or "Timestamp")).Order(StringComparer.Ordinal).Select(k => $"{k}={entity[k]}"))}";

    private static string FindPreload()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, Preload);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{Preload} is not above {AppContext.BaseDirectory}.");
    }

    /// <summary>Two emulators for the class, plain and keyed, holding the same writes.</summary>
    public sealed class Emulators : IAsyncLifetime
    {
        // Empty options clear any NODE_OPTIONS this process has, so that the plain emulator is plain.
        private readonly AzuriteFixture _plain = new() { NodeOptions = string.Empty };
        private readonly AzuriteFixture _keyed = new() { NodeOptions = $"--require \"{FindPreload()}\"" };

        public TableClient Plain { get; private set; } = null!;

        public TableClient Keyed { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Task.WhenAll(_plain.InitializeAsync(), _keyed.InitializeAsync());
            var name = AzuriteFixture.NewPrefix() + "keyed";
            Plain = new TableServiceClient(_plain.ConnectionString).GetTableClient(name);
            Keyed = new TableServiceClient(_keyed.ConnectionString).GetTableClient(name);
            foreach (var table in new[] { Plain, Keyed })
            {
                await table.CreateIfNotExistsAsync();
                await WriteAsync(table);
            }
        }

        public async Task DisposeAsync() => await Task.WhenAll(_plain.DisposeAsync(), _keyed.DisposeAsync());
    }
}
