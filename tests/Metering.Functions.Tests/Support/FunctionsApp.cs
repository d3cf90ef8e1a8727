using System.Collections.Immutable;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using Metering.Pipeline.Retries;
using Metering.Storage.Accounts;
using Metering.Testing;
using Metering.Testing.Azurite;
using Metering.Testing.Contracts;
using Metering.Testing.Events;
using Metering.Testing.Logging;
using Metering.Testing.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Functions.Tests.Support;

/// <summary>
/// The Functions app's services as <c>Program.cs</c> composes them (<see cref="FunctionsComposition.AddMeteringFunctions"/>),
/// from the values of <c>local.settings.example.json</c> with the storage pointed at the test's Azurite under a prefix of
/// its own, a fake clock, recording loggers and a fast retry backoff. Function classes are created from it the way the
/// worker activates them (constructor injection).
/// </summary>
internal sealed class FunctionsApp : IAsyncDisposable
{
    public const string Source = "app://crm";

    private FunctionsApp(TestPipeline pipeline, StorageNames names, IReadOnlyDictionary<string, string?> settings)
    {
        Pipeline = pipeline;
        Names = names;
        Settings = settings;
    }

    public TestPipeline Pipeline { get; }

    public ServiceProvider Services => Pipeline.Services;

    public FakeClock Clock => Pipeline.Clock;

    public StorageNames Names { get; }

    /// <summary>The app settings the app was built from.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public StorageAccount Account => Pipeline.Account;

    public static async Task<FunctionsApp> StartAsync(AzuriteFixture azurite, params HttpPipelinePolicy[] policies)
    {
        var names = new StorageNames(AzuriteFixture.NewPrefix());
        var settings = LocalSettingsExample();
        settings["Storage"] = azurite.ConnectionString;
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Storage:Prefix"] = names.Prefix;
        settings["Ingest:TenantCacheSeconds"] = "0";
        settings["Senders"] = "lms, reader";
        foreach (var (setting, expected) in FunctionsComposition.BindingNames(names))
        {
            settings[setting] = expected;
        }

        // acme's events come through the "lms" sender's hub, globex's through "reader"'s.
        var pipeline = await TestPipeline.On(azurite)
            .OnPrefix(names.Prefix)
            .StartingAt(Instant.FromUtc(2025, 4, 1, 12, 0))
            .Through(policies)
            .WithServices(services => services
                .AddSingleton(typeof(ILogger<>), typeof(RecordingLogger<>))
                .AddSingleton(sp => new RetryForever(
                    sp.GetRequiredService<ILogger<RetryForever>>(),
                    new RetryForeverOptions(Duration.FromMilliseconds(5), Duration.FromMilliseconds(50)))))
            .ComposedBy((services, storage) => services.AddMeteringFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), storage.ConfigureClients))
            .WithTenant("acme", "Europe/Paris", Source, "lms")
            .WithTenant("globex", "UTC", Source, "reader")
            .BuildAsync();
        return new FunctionsApp(pipeline, names, settings);
    }

    /// <summary>The <c>Values</c> of <c>local.settings.example.json</c>, as the Functions host reads them (<c>__</c> is a section separator).</summary>
    public static Dictionary<string, string?> LocalSettingsExample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryFile.PathOf("local.settings.example.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A function class, activated as the worker activates it.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public RecordingLogger<T> Log<T>() => (RecordingLogger<T>)Services.GetRequiredService<ILogger<T>>();

    public Task<Contract> ApplyAsync(string json) => Pipeline.ApplyAsync(json);

    /// <summary>Ingests the bodies as one batch through the handler, received at <paramref name="receivedAt"/>.</summary>
    public Task<IngestResult> IngestAsync(Instant receivedAt, params byte[][] bodies) => Pipeline.IngestAsync(receivedAt, bodies);

    /// <summary>The units of <paramref name="tenant"/> with presence in <paramref name="month"/> (<c>2025-03</c>), sorted.</summary>
    public async Task<IReadOnlyList<string>> UnitsAsync(string month, string tenant = "acme")
    {
        var units = new SortedSet<string>(StringComparer.Ordinal);
        var yearMonth = NodaTime.Text.YearMonthPattern.Iso.Parse(month).GetValueOrThrow();
        await foreach (var record in Services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse(tenant), yearMonth, default))
        {
            units.Add(record.Unit.Value);
        }

        return [.. units];
    }

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}
