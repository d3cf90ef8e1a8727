using Metering.Domain.Tenants;
using Metering.Storage.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// A tenant's watermark is the last day of any closed window: it only rises, so that ingest never stops recording
/// touches for a day of a window that was closed (docs/closing.md).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableWatermarkStoreTests(AzuriteFixture azurite)
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly TenantId Globex = TenantId.Parse("globex");

    [Fact]
    public async Task A_Tenant_Never_Closed_Has_No_Watermark()
    {
        var store = new TableWatermarkStore(TestAccounts.Create(azurite));

        Assert.Empty(await store.GetAsync([Acme, Globex], default));
    }

    [Theory]
    [InlineData("2025-03-31", "2025-04-30", "2025-04-30")]
    [InlineData("2025-04-30", "2025-03-31", "2025-04-30")]
    [InlineData("2025-03-31", "2025-03-31", "2025-03-31")]
    [InlineData("2024-02-29", "2024-02-28", "2024-02-29")]
    public async Task A_Watermark_Only_Rises(string first, string second, string expected)
    {
        var store = new TableWatermarkStore(TestAccounts.Create(azurite));

        await store.RaiseAsync(Acme, Day(first), default);
        await store.RaiseAsync(Acme, Day(second), default);

        Assert.Equal(Day(expected), (await store.GetAsync([Acme], default))[Acme]);
    }

    [Fact]
    public async Task Each_Tenant_Has_Its_Own_Watermark_And_Unknown_Tenants_Are_Absent()
    {
        var store = new TableWatermarkStore(TestAccounts.Create(azurite));
        await store.RaiseAsync(Acme, Day("2025-03-31"), default);
        await store.RaiseAsync(Globex, Day("2025-01-31"), default);

        var marks = await store.GetAsync([Acme, Globex, TenantId.Parse("initech"), Acme], default);

        Assert.Equal(2, marks.Count);
        Assert.Equal(Day("2025-03-31"), marks[Acme]);
        Assert.Equal(Day("2025-01-31"), marks[Globex]);
    }

    [Fact]
    public async Task Concurrent_Raises_Keep_The_Highest_Day()
    {
        var account = TestAccounts.Create(azurite);
        var days = Enumerable.Range(0, 24).Select(i => new LocalDate(2025, 1, 31).PlusMonths(i % 12).PlusDays(i)).ToList();

        // Separate store instances (separate closers) racing on one entity: ETag conflicts must be retried.
        await Task.WhenAll(days.Select(d => new TableWatermarkStore(account).RaiseAsync(Acme, d, default)));

        Assert.Equal(days.Max(), (await new TableWatermarkStore(account).GetAsync([Acme], default))[Acme]);
    }

    private static LocalDate Day(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;
}
