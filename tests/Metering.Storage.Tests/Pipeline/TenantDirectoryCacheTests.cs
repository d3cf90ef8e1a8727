using System.Collections.Immutable;
using Metering.Domain.Tenants;
using Metering.Pipeline.Tenants;
using Metering.Storage.Tenants;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Storage.Tests.Pipeline;

[Collection(AzuriteCollection.Name)]
public sealed class TenantDirectoryCacheTests(AzuriteFixture azurite)
{
    private static Tenant Acme(params string[] sources) =>
        new(TenantId.Parse("acme"), DateTimeZone.Utc, sources.ToImmutableSortedSet(StringComparer.Ordinal));

    [Fact]
    public async Task A_Registration_Is_Seen_Once_The_Time_To_Live_Has_Passed_And_Not_Before()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 1, 12, 0));
        using var cache = new TenantDirectoryCache(registry, clock, Duration.FromMinutes(1));
        await registry.ApplyAsync([Acme("app://old")], default);

        var first = await cache.GetAsync(default);
        await registry.ApplyAsync([Acme("app://old", "app://new")], default);
        clock.Advance(Duration.FromSeconds(59));
        var withinTtl = await cache.GetAsync(default);
        clock.Advance(Duration.FromSeconds(1));
        var afterTtl = await cache.GetAsync(default);

        Assert.Same(first, withinTtl);
        Assert.True(afterTtl.TryGet("acme", out var acme));
        Assert.True(acme.Allows("app://new"));
    }

    [Fact]
    public async Task Invalidating_Loads_The_Registry_Again()
    {
        var registry = new TableTenantRegistry(TestAccounts.Create(azurite));
        using var cache = new TenantDirectoryCache(registry, new FakeClock(Instant.FromUtc(2024, 3, 1, 12, 0)));
        await cache.GetAsync(default);
        await registry.ApplyAsync([Acme("app://x")], default);

        cache.Invalidate();

        Assert.True((await cache.GetAsync(default)).TryGet("acme", out _));
    }
}
