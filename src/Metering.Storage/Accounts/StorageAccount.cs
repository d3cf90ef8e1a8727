using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Metering.Storage.Accounts;

/// <summary>
/// The clients of one storage account and the names this deployment uses in it. Tables and containers are created
/// on first use, once per instance: the adapters never assume provisioning ran before them.
/// </summary>
public sealed class StorageAccount
{
    private readonly ConcurrentDictionary<string, Task> _provisioned = new(StringComparer.Ordinal);

    private StorageAccount(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, StorageNames names)
    {
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
        Names = names;
    }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The Blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The Queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The table and container names.</summary>
    public StorageNames Names { get; }

    /// <summary>
    /// Connects with a connection string: the emulator (<c>UseDevelopmentStorage=true</c> or its endpoints) or an
    /// account key. <paramref name="configure"/> adjusts each client's options (tests add pipeline policies).
    /// </summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageNames names, Action<ClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(names);
        var (tableOptions, blobOptions, queueOptions) = Options(configure);
        return new StorageAccount(
            new TableServiceClient(connectionString, tableOptions),
            new BlobServiceClient(connectionString, blobOptions),
            new QueueServiceClient(connectionString, queueOptions),
            names);
    }

    /// <summary>
    /// Connects to the account's service endpoints with a token credential (managed identity in Azure): no key is
    /// ever in settings.
    /// </summary>
    public static StorageAccount FromServiceUris(
        Uri tableService, Uri blobService, Uri queueService, TokenCredential credential, StorageNames names, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(queueService);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(names);
        var (tableOptions, blobOptions, queueOptions) = Options(configure);
        return new StorageAccount(
            new TableServiceClient(tableService, credential, tableOptions),
            new BlobServiceClient(blobService, credential, blobOptions),
            new QueueServiceClient(queueService, credential, queueOptions),
            names);
    }

    /// <summary>The client of a table (by its full, prefixed name), created in the account on first use.</summary>
    public async Task<TableClient> TableAsync(string tableName, CancellationToken cancellationToken)
    {
        var client = Tables.GetTableClient(tableName);
        await ProvisionAsync("table:" + tableName, ct => client.CreateIfNotExistsAsync(ct), cancellationToken);
        return client;
    }

    /// <summary>The client of a private blob container (by its full, prefixed name), created on first use.</summary>
    public async Task<BlobContainerClient> ContainerAsync(string containerName, CancellationToken cancellationToken)
    {
        var client = Blobs.GetBlobContainerClient(containerName);
        await ProvisionAsync(
            "container:" + containerName,
            ct => client.CreateIfNotExistsAsync(Azure.Storage.Blobs.Models.PublicAccessType.None, cancellationToken: ct),
            cancellationToken);
        return client;
    }

    /// <summary>
    /// The client of a queue (by its full, prefixed name), created on first use. It sends and receives message text
    /// as given, without encoding: each adapter owns the format of its messages.
    /// </summary>
    public async Task<QueueClient> QueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var client = Queues.GetQueueClient(queueName);
        await ProvisionAsync("queue:" + queueName, ct => client.CreateIfNotExistsAsync(cancellationToken: ct), cancellationToken);
        return client;
    }

    private async Task ProvisionAsync<T>(string key, Func<CancellationToken, Task<T>> create, CancellationToken cancellationToken)
    {
        // A failed creation is forgotten so that the next call tries again instead of failing forever.
        var task = _provisioned.GetOrAdd(key, _ => create(CancellationToken.None));
        try
        {
            await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            _provisioned.TryRemove(new KeyValuePair<string, Task>(key, task));
            throw;
        }
    }

    private static (TableClientOptions, BlobClientOptions, QueueClientOptions) Options(Action<ClientOptions>? configure)
    {
        var table = new TableClientOptions();
        table.AddPolicy(new TableFilterLimit(), HttpPipelinePosition.PerCall);
        var blob = new BlobClientOptions();
        // Queue clients pass message text through unchanged: the adapter owns its wire format (the close queue writes
        // base64 itself, so that it can also remove a message that is not base64 instead of failing on it forever).
        var queue = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        configure?.Invoke(table);
        configure?.Invoke(blob);
        configure?.Invoke(queue);
        return (table, blob, queue);
    }
}
