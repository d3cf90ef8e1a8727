using System.Collections.Immutable;
using Metering.Domain.Tenants;
using Metering.Storage.Tenants;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Storage.Tests.Tenants;

[Collection(AzuriteCollection.Name)]
public sealed class TableTenantRegistryTests(AzuriteFixture azurite)
{
    private static Tenant Tenant(string id, string zone, params string[] sources) =>
        new(TenantId.Parse(id), DateTimeZoneProviders.Tzdb[zone], sources.ToImmutableSortedSet(StringComparer.Ordinal));

    [Fact]
    public async Task An_Empty_Registry_Loads_As_An_Empty_Directory()
    {
        var directory = await new TableTenantRegistry(TestAccounts.Create(azurite)).LoadAsync(default);

        Assert.Empty(directory.All);
    }

    [Fact]
    public async Task Tenants_Round_Trip_With_Zone_And_Sources()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        await registry.ApplyAsync([Tenant("acme", "Europe/Berlin", "app://crm", "https://lms.example/a?b#c"), Tenant("globex", "UTC")], default);

        var directory = await registry.LoadAsync(default);

        Assert.True(directory.TryGet("acme", out var acme));
        Assert.Equal("Europe/Berlin", acme.Zone.Id);
        Assert.Equal(["app://crm", "https://lms.example/a?b#c"], acme.Sources);
        Assert.True(directory.TryGet("globex", out var globex));
        Assert.Empty(globex.Sources);
    }

    // One string property holds a tenant's sources: a list that passes it is refused whole, before anything is written,
    // and a list at the limit is stored.
    [Fact]
    public async Task Sources_Past_What_One_Property_Holds_Are_Refused_Before_Anything_Is_Written()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        string[] Sources(int count) => [.. Enumerable.Range(0, count).Select(i => $"https://app-{i:D5}.example/p")];
        var fits = Tenant("fits", "UTC", Sources(1_000));
        var big = Tenant("big", "UTC", Sources(1_200));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => registry.ApplyAsync([fits, big], default));
        var before = await registry.LoadAsync(default);
        await registry.ApplyAsync([fits], default);

        Assert.Contains("tenant big: its sources take", refused.Message, StringComparison.Ordinal);
        Assert.Empty(before.All);
        Assert.Equal(1_000, Assert.Single((await registry.LoadAsync(default)).All).Sources.Count);
    }

    [Fact]
    public async Task Senders_Round_Trip_And_A_Row_Written_Before_Senders_Existed_Has_None()
    {
        var account = TestAccounts.Create(azurite);
        var registry = new TableTenantRegistry(account);
        await registry.ApplyAsync([Tenant("acme", "UTC", "app://crm") with { Senders = ["lms", "crm-eu"] }], default);
        var table = account.Tables.GetTableClient(account.Names.Tenants);
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(TableTenantRegistry.Partition, "legacy") { ["Zone"] = "UTC", ["Sources"] = "[]" });

        var directory = await registry.LoadAsync(default);

        Assert.True(directory.TryGet("acme", out var acme));
        Assert.Equal(["crm-eu", "lms"], acme.Senders);
        Assert.True(directory.TryGet("legacy", out var legacy));
        Assert.Empty(legacy.Senders);
    }

    [Fact]
    public async Task Apply_Replaces_The_Named_Tenants_And_Leaves_The_Others()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        await registry.ApplyAsync([Tenant("acme", "UTC", "app://old"), Tenant("globex", "Asia/Tokyo", "app://g")], default);
        await registry.ApplyAsync([Tenant("acme", "America/New_York", "app://new")], default);

        var directory = await registry.LoadAsync(default);

        Assert.True(directory.TryGet("acme", out var acme));
        Assert.Equal("America/New_York", acme.Zone.Id);
        Assert.Equal(["app://new"], acme.Sources);
        Assert.True(directory.TryGet("globex", out var globex));
        Assert.Equal("Asia/Tokyo", globex.Zone.Id);
    }

    [Fact]
    public async Task More_Tenants_Than_One_Transaction_Holds_Are_All_Stored()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        await registry.ApplyAsync(Enumerable.Range(0, 250).Select(i => Tenant($"t{i:000}", "UTC", "app://x")).ToList(), default);

        Assert.Equal(250, (await registry.LoadAsync(default)).All.Count());
    }
}
