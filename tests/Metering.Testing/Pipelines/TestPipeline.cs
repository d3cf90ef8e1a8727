using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Pipeline.Ingest;
using Metering.Storage.Accounts;
using Metering.Testing.Azurite;
using Metering.Testing.Contracts;
using Metering.Testing.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Testing.Pipelines;

/// <summary>
/// A pipeline on the test's Azurite, composed as a host composes it (<see cref="On"/> builds one): its services, its
/// fake clock, its storage account, and the steps tests take most (store a contract, ingest a batch at an instant).
/// </summary>
public sealed class TestPipeline : IAsyncDisposable
{
    internal TestPipeline(ServiceProvider services, FakeClock clock, PipelineStorage storage)
    {
        Services = services;
        Clock = clock;
        Storage = storage;
    }

    /// <summary>The composed services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The fake clock the services read.</summary>
    public FakeClock Clock { get; }

    /// <summary>Where the pipeline keeps its data.</summary>
    public PipelineStorage Storage { get; }

    /// <summary>The storage account, through the test's policies.</summary>
    public StorageAccount Account => Services.GetRequiredService<StorageAccount>();

    /// <summary>Starts building a pipeline on <paramref name="azurite"/>.</summary>
    public static TestPipelineBuilder On(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new TestPipelineBuilder(azurite);
    }

    /// <summary>Reads a contract document (failing the test on any problem) and stores it.</summary>
    public Task<Contract> ApplyAsync(string json) => ContractDocuments.ApplyAsync(Services.GetRequiredService<IContractStore>(), json);

    /// <summary>Ingests the bodies as one batch through the ingest handler, received at <paramref name="receivedAt"/>.</summary>
    public Task<IngestResult> IngestAsync(Instant receivedAt, params byte[][] bodies)
    {
        Clock.Reset(receivedAt);
        return Services.GetRequiredService<IngestHandler>().HandleAsync(CloudEvents.Batch(bodies), default);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
