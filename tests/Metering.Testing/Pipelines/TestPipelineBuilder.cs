using System.Collections.Immutable;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Testing.Pipelines;

/// <summary>
/// Builds a <see cref="TestPipeline"/>: the storage account of one prefix on the test's Azurite, the services a host
/// composes on it (<c>AddMetering</c> unless the test names another composition, such as the Functions app's), a fake
/// clock, the tenants registered before the first step, and any pipeline policies between the services and storage.
/// The one place where tests set up a pipeline on Azurite.
/// </summary>
public sealed class TestPipelineBuilder
{
    private readonly AzuriteFixture _azurite;
    private readonly List<HttpPipelinePolicy> _policies = [];
    private readonly List<Tenant> _tenants = [];
    private readonly List<Action<IServiceCollection>> _services = [];
    private string _prefix = AzuriteFixture.NewPrefix();
    private Instant _now = Instant.FromUtc(2025, 1, 1, 0, 0);
    private Func<IServiceCollection, PipelineStorage, IServiceCollection>? _compose;
    private Func<MeteringSettings, MeteringSettings> _settings = s => s;

    internal TestPipelineBuilder(AzuriteFixture azurite) => _azurite = azurite;

    /// <summary>Uses the tables, containers and queues of <paramref name="prefix"/> (a second pipeline on a prefix sees the first one's data).</summary>
    public TestPipelineBuilder OnPrefix(string prefix)
    {
        _prefix = prefix;
        return this;
    }

    /// <summary>Starts the fake clock at <paramref name="now"/> (default 2025-01-01T00:00Z).</summary>
    public TestPipelineBuilder StartingAt(Instant now)
    {
        _now = now;
        return this;
    }

    /// <summary>Sends every storage request through <paramref name="policies"/>, per call, in order.</summary>
    public TestPipelineBuilder Through(params HttpPipelinePolicy[] policies)
    {
        _policies.AddRange(policies);
        return this;
    }

    /// <summary>Registers a tenant billed in <paramref name="zone"/> whose events come from <paramref name="source"/>, through <paramref name="senders"/> when given.</summary>
    public TestPipelineBuilder WithTenant(string id, string zone, string source, params string[] senders)
    {
        var timeZone = zone == "UTC" ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[zone];
        _tenants.Add(new Tenant(TenantId.Parse(id), timeZone, ImmutableSortedSet.Create(StringComparer.Ordinal, source))
        {
            Senders = ImmutableSortedSet.Create(StringComparer.Ordinal, senders),
        });
        return this;
    }

    /// <summary>Adds services before the host's composition (loggers, retry options), which it then leaves as they are.</summary>
    public TestPipelineBuilder WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Changes the settings <c>AddMetering</c> composes with (storage and prefix are the builder's).</summary>
    public TestPipelineBuilder WithSettings(Func<MeteringSettings, MeteringSettings> adjust)
    {
        _settings = adjust;
        return this;
    }

    /// <summary>Composes the services as another host does (the Functions app), instead of <c>AddMetering</c>.</summary>
    public TestPipelineBuilder ComposedBy(Func<IServiceCollection, PipelineStorage, IServiceCollection> compose)
    {
        _compose = compose;
        return this;
    }

    /// <summary>Composes the services and registers the tenants.</summary>
    public async Task<TestPipeline> BuildAsync()
    {
        var clock = new FakeClock(_now);
        var policies = _policies.ToArray();
        var storage = new PipelineStorage(_azurite.ConnectionString, _prefix, options =>
        {
            foreach (var policy in policies)
            {
                options.AddPolicy(policy, HttpPipelinePosition.PerCall);
            }
        });
        IServiceCollection services = new ServiceCollection().AddSingleton<IClock>(clock);
        foreach (var configure in _services)
        {
            configure(services);
        }

        services = _compose is { } compose
            ? compose(services, storage)
            : services.AddMetering(
                _settings(new MeteringSettings { TenantCacheTimeToLive = Duration.Zero }) with { StorageConnectionString = storage.ConnectionString, StoragePrefix = storage.Prefix },
                storage.ConfigureClients);
        var provider = ((ServiceCollection)services).BuildServiceProvider();
        if (_tenants.Count > 0)
        {
            await provider.GetRequiredService<ITenantRegistry>().ApplyAsync([.. _tenants], default);
        }

        return new TestPipeline(provider, clock, storage);
    }
}
