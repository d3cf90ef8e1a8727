using System.Collections.Immutable;
using System.Text;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;
using Metering.Storage.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// Invoice revisions are published write-once (docs/closing.md): a second create of the same revision is refused and
/// leaves the first bytes; the late-event baseline travels as metadata of the revision; evidence is named by its hash.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobInvoiceStoreTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly ContractId Meetings = ContractId.Parse("acme-meetings");

    [Fact]
    public async Task A_Second_Create_Of_The_Same_Revision_Returns_False_And_Leaves_The_First_Bytes()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        var revision = new InvoiceRevision(Acme, Meetings, March, 1);

        var first = await store.TryCreateAsync(revision, Bytes("{\"first\":1}\n"), TouchBaseline.None, default);
        var second = await store.TryCreateAsync(revision, Bytes("{\"second\":2}\n"), Baseline(4, ("2025-03-15", 9)), default);

        Assert.True(first);
        Assert.False(second);
        var stored = await store.ReadAsync(revision, default);
        Assert.NotNull(stored);
        Assert.Equal("{\"first\":1}\n", Encoding.UTF8.GetString(stored.Json.Span));
        Assert.Equal(TouchBaseline.None.ToText(), stored.Baseline.ToText());
    }

    [Fact]
    public async Task Concurrent_Creates_Of_One_Revision_Let_Exactly_One_Win()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        var revision = new InvoiceRevision(Acme, Meetings, March, 1);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.TryCreateAsync(revision, Bytes($"{{\"closer\":{i}}}\n"), TouchBaseline.None, default)));

        var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won).i;
        var stored = await store.ReadAsync(revision, default);
        Assert.Equal($"{{\"closer\":{winner}}}\n", Encoding.UTF8.GetString(stored!.Json.Span));
    }

    [Fact]
    public async Task The_Late_Event_Baseline_Round_Trips_As_Metadata_Of_The_Revision()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        var revision = new InvoiceRevision(Acme, Meetings, March, 2);
        var baseline = Baseline(3, ("2025-03-15", 2), ("2025-03-31", 1), ("2025-03-01", 40));

        Assert.True(await store.TryCreateAsync(revision, Bytes("{}\n"), baseline, default));
        var stored = await store.ReadAsync(revision, default);

        Assert.NotNull(stored);
        Assert.Equal(3, stored.Baseline.Records);
        Assert.Equal(
            [(new LocalDate(2025, 3, 1), 40L), (new LocalDate(2025, 3, 15), 2L), (new LocalDate(2025, 3, 31), 1L)],
            stored.Baseline.EventsByDay.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task A_Baseline_Of_A_Long_Window_Touched_On_Every_Day_Round_Trips_Within_The_Metadata_Limit()
    {
        // A three-year term window after a backfill: late touches on 1,096 days would need ~13 KB of metadata, and a
        // blob's metadata is limited to 8 KiB in all.
        var account = TestAccounts.Create(azurite);
        var store = new BlobInvoiceStore(account);
        var revision = new InvoiceRevision(Acme, ContractId.Parse("acme-totara"), "2024-01-01_2026-12-31", 1);
        var days = Enumerable.Range(0, 1096).Select(i => (Day: new LocalDate(2024, 1, 1).PlusDays(i), Events: 1000L + i)).ToList();
        var baseline = new TouchBaseline(1096 * 3, days.ToImmutableSortedDictionary(d => d.Day, d => d.Events));

        Assert.True(await store.TryCreateAsync(revision, Bytes("{}\n"), baseline, default));
        var stored = await store.ReadAsync(revision, default);
        var properties = await account.Blobs.GetBlobContainerClient(account.Names.Invoices).GetBlobClient(revision.BlobName).GetPropertiesAsync();

        Assert.Equal(baseline.ToText(), stored!.Baseline.ToText());
        Assert.True(properties.Value.Metadata.Sum(m => m.Key.Length + m.Value.Length) <= 8192);
        Assert.Equal([revision], await store.ListRevisionsAsync(Acme, revision.Contract, revision.WindowId, default));
    }

    [Fact]
    public async Task Bytes_Are_Stored_Exactly_Including_Non_Ascii_And_Escapes()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        var revision = new InvoiceRevision(Acme, Meetings, March, 1);
        var json = Bytes("{\n  \"unit\": \"zoë/#?\\\\%\",\n  \"name\": \"Ñandú GmbH – ユーザー\"\n}\n");

        await store.TryCreateAsync(revision, json, TouchBaseline.None, default);

        Assert.Equal(json.ToArray(), (await store.ReadAsync(revision, default))!.Json.ToArray());
    }

    [Fact]
    public async Task Reading_A_Revision_That_Does_Not_Exist_Gives_Null()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));

        Assert.Null(await store.ReadAsync(new InvoiceRevision(Acme, Meetings, March, 1), default));
        Assert.Empty(await store.ListRevisionsAsync(Acme, Meetings, March, default));
    }

    [Fact]
    public async Task Revisions_Of_A_Window_Are_Listed_By_Number_Not_By_Name_And_Evidence_Is_Not_A_Revision()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        foreach (var n in new[] { 10, 2, 1, 11, 3 })
        {
            await store.TryCreateAsync(new InvoiceRevision(Acme, Meetings, March, n), Bytes("{}\n"), TouchBaseline.None, default);
        }

        await store.WriteEvidenceAsync(InvoiceRevision.EvidenceBlobName(Acme, Meetings, March, new string('a', 64)), Bytes("x\n"), default);
        await store.TryCreateAsync(new InvoiceRevision(Acme, Meetings, "2025-03-01_2025-03-14", 1), Bytes("{}\n"), TouchBaseline.None, default);

        var revisions = await store.ListRevisionsAsync(Acme, Meetings, March, default);

        Assert.Equal([1, 2, 3, 10, 11], revisions.Select(r => r.Revision));
        Assert.All(revisions, r => Assert.Equal(March, r.WindowId));
    }

    [Fact]
    public async Task Listing_Orders_By_Tenant_Contract_Window_And_Revision_And_Filters_By_Tenant_And_Contract()
    {
        var store = new BlobInvoiceStore(TestAccounts.Create(azurite));
        var globex = TenantId.Parse("globex");
        var lms = ContractId.Parse("acme-lms");
        InvoiceRevision[] written =
        [
            new(globex, ContractId.Parse("globex-seats"), "2025-01-01_2025-01-31", 1),
            new(Acme, Meetings, "2025-04-01_2025-04-30", 1),
            new(Acme, Meetings, March, 10),
            new(Acme, Meetings, March, 9),
            new(Acme, lms, "2024-03-01_2025-02-28", 1),
            new(Acme, Meetings, "2025-02-01_2025-02-28", 1),
        ];
        foreach (var revision in written)
        {
            await store.TryCreateAsync(revision, Bytes("{}\n"), TouchBaseline.None, default);
        }

        await store.WriteEvidenceAsync(InvoiceRevision.EvidenceBlobName(Acme, Meetings, March, new string('b', 64)), Bytes("y\n"), default);

        var all = await ToListAsync(store.ListAsync(null, null, default));
        var acme = await ToListAsync(store.ListAsync(Acme, null, default));
        var meetings = await ToListAsync(store.ListAsync(Acme, Meetings, default));
        var byContractOnly = await ToListAsync(store.ListAsync(null, lms, default));

        Assert.Equal(
            [
                "acme/acme-lms/2024-03-01_2025-02-28/r1.json",
                "acme/acme-meetings/2025-02-01_2025-02-28/r1.json",
                "acme/acme-meetings/2025-03-01_2025-03-31/r9.json",
                "acme/acme-meetings/2025-03-01_2025-03-31/r10.json",
                "acme/acme-meetings/2025-04-01_2025-04-30/r1.json",
                "globex/globex-seats/2025-01-01_2025-01-31/r1.json",
            ],
            all.Select(r => r.BlobName));
        Assert.Equal(all.Take(5), acme);
        Assert.Equal(all.Skip(1).Take(4), meetings);
        Assert.Equal([all[0]], byContractOnly);
    }

    [Fact]
    public async Task Writing_Evidence_Again_Is_Harmless_And_Keeps_The_First_Bytes()
    {
        var account = TestAccounts.Create(azurite);
        var store = new BlobInvoiceStore(account);
        var name = InvoiceRevision.EvidenceBlobName(Acme, Meetings, March, new string('c', 64));
        var content = Bytes("{\"tenant\":\"acme\",\"unit\":\"u/1\",\"dimension\":null,\"qualifier\":\"2025-03-01\",\"detail\":null}\n");

        await store.WriteEvidenceAsync(name, content, default);
        await store.WriteEvidenceAsync(name, content, default);
        await store.WriteEvidenceAsync(name, Bytes("something else\n"), default);

        var blob = account.Blobs.GetBlobContainerClient(account.Names.Invoices).GetBlobClient(name);
        Assert.Equal(content.ToArray(), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task The_Invoices_Container_Is_Private()
    {
        var account = TestAccounts.Create(azurite);
        await new BlobInvoiceStore(account).TryCreateAsync(new InvoiceRevision(Acme, Meetings, March, 1), Bytes("{}\n"), TouchBaseline.None, default);

        var properties = await account.Blobs.GetBlobContainerClient(account.Names.Invoices).GetPropertiesAsync();

        Assert.Equal(Azure.Storage.Blobs.Models.PublicAccessType.None, properties.Value.PublicAccess);
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static TouchBaseline Baseline(long records, params (string Day, long Events)[] days) =>
        new(records, days.ToImmutableSortedDictionary(d => NodaTime.Text.LocalDatePattern.Iso.Parse(d.Day).Value, d => d.Events));

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
