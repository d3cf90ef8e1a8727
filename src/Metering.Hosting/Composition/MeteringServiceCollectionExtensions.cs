using Azure.Core;
using Azure.Identity;
using Metering.Domain.Ports;
using Metering.Hosting.Settings;
using Metering.Hosting.Telemetry;
using Metering.Hosting.Time;
using Metering.Pipeline.Closing;
using Metering.Pipeline.Ingest;
using Metering.Pipeline.Rating;
using Metering.Pipeline.Retries;
using Metering.Pipeline.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Activity;
using Metering.Storage.Archive;
using Metering.Storage.Claims;
using Metering.Storage.Closing;
using Metering.Storage.DeadLetters;
using Metering.Storage.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Metering.Hosting.Composition;

/// <summary>
/// The one composition of the pipeline that every host uses (the CLI, <c>metering serve</c>, the Functions app):
/// storage clients, adapters behind the domain's ports, handlers, the clock.
/// </summary>
public static class MeteringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline. A host that registered its own <see cref="IClock"/> or logging before keeps them;
    /// otherwise the clock is the system clock (or <see cref="AsOfClock"/> when <see cref="MeteringSettings.AsOf"/> is
    /// set) and logs go nowhere. <paramref name="configureClients"/> adjusts the storage clients' options.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are not valid (every problem is listed).</exception>
    public static IServiceCollection AddMetering(this IServiceCollection services, MeteringSettings settings, Action<ClientOptions>? configureClients = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(settings));
        }

        services.TryAddSingleton(settings);
        services.TryAddSingleton<IClock>(settings.AsOf is { } asOf ? new AsOfClock(asOf) : SystemClock.Instance);
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));

        // Every storage request is counted where it leaves the process (metering.storage.requests).
        services.TryAddSingleton(_ => Connect(settings, options =>
        {
            StorageRequestMeter.AddTo(options);
            configureClients?.Invoke(options);
        }));
        services.TryAddSingleton<IWatermarkStore>(sp => new TableWatermarkStore(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton(sp => new TableActivityStore(
            sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<IWatermarkStore>(), settings.MaxConcurrentPartitions));
        services.TryAddSingleton<IActivityStore>(sp => sp.GetRequiredService<TableActivityStore>());
        services.TryAddSingleton<IActivityReader>(sp => sp.GetRequiredService<TableActivityStore>());
        services.TryAddSingleton<IEventClaimStore>(sp => new TableEventClaimStore(
            sp.GetRequiredService<StorageAccount>(), settings.DuplicateHorizon, settings.MaxConcurrentPartitions));
        services.TryAddSingleton<ITenantRegistry>(sp => new TableTenantRegistry(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<IRawArchive>(sp => new BlobRawArchive(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<IDeadLetterStore>(sp => new BlobDeadLetterStore(sp.GetRequiredService<StorageAccount>()));

        services.TryAddSingleton<IContractStore>(sp => new BlobContractStore(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<IInvoiceStore>(sp => new BlobInvoiceStore(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<ILatestInvoiceStore>(sp => new BlobLatestInvoiceStore(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<IStatementStore>(sp => new BlobInvoiceStore(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<ICloseLedger>(sp => new TableCloseLedger(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton<ICloseQueue>(sp => new QueueCloseQueue(sp.GetRequiredService<StorageAccount>()));

        services.TryAddSingleton(sp => new TenantDirectoryCache(
            sp.GetRequiredService<ITenantRegistry>(), sp.GetRequiredService<IClock>(), settings.TenantCacheTimeToLive));
        services.TryAddSingleton(new IngestOptions(settings.MaximumEventAge));
        services.TryAddSingleton<IngestHandler>();
        services.TryAddSingleton<CloseScheduler>();
        services.TryAddSingleton<WindowMeasurer>();
        services.TryAddSingleton<StatementCloser>();
        services.TryAddSingleton<WindowCloser>();
        services.TryAddSingleton<ContractRater>();
        services.TryAddSingleton<LatestRevision>();
        services.TryAddSingleton<LatestPublisher>();
        services.TryAddSingleton<CloseWorker>();
        services.TryAddSingleton(sp => new RetryForever(sp.GetRequiredService<ILogger<RetryForever>>()));
        return services;
    }

    /// <summary>The storage account the settings name.</summary>
    public static StorageAccount Connect(MeteringSettings settings, Action<ClientOptions>? configureClients = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var names = new StorageNames(settings.StoragePrefix);
        if (settings.StorageConnectionString is { } connectionString)
        {
            return StorageAccount.FromConnectionString(connectionString, names, configureClients);
        }

        var account = settings.StorageAccountName;
        Uri Service(Uri? explicitUri, string service) =>
            explicitUri ?? new Uri($"https://{account}.{service}.core.windows.net/");
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId });
        return StorageAccount.FromServiceUris(
            Service(settings.TableServiceUri, "table"),
            Service(settings.BlobServiceUri, "blob"),
            Service(settings.QueueServiceUri, "queue"),
            credential,
            names,
            configureClients);
    }
}
