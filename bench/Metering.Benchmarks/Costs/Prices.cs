using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metering.Benchmarks.Costs;

/// <summary>The inputs of the cost and capacity model: list prices and documented limits (<c>bench/prices.json</c>).</summary>
public sealed record Prices
{
    /// <summary>The day the prices were entered.</summary>
    public required string AsOf { get; init; }

    /// <summary>The currency of every price.</summary>
    public required string Currency { get; init; }

    /// <summary>Where the prices apply.</summary>
    public required string Region { get; init; }

    /// <summary>Table Storage.</summary>
    public required TablePrices Table { get; init; }

    /// <summary>Blob Storage.</summary>
    public required BlobPrices Blob { get; init; }

    /// <summary>Queue Storage.</summary>
    public required QueuePrices Queue { get; init; }

    /// <summary>Event Hubs.</summary>
    public required EventHubsPrices EventHubs { get; init; }

    /// <summary>The file the benchmark reads, relative to the repository root.</summary>
    public const string FileName = "bench/prices.json";

    /// <summary>The prices file, looked for from the working directory up; null when there is none.</summary>
    public static string? Find()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static async Task<Prices> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<Prices>(file, Options, cancellationToken)
            ?? throw new InvalidOperationException($"{path} is empty.");
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}

/// <summary>Table Storage's price per transaction and its scalability targets.</summary>
public sealed record TablePrices
{
    /// <summary>Price of 10,000 transactions (every request is one).</summary>
    public required decimal PerTenThousandTransactions { get; init; }

    /// <summary>What counts as a transaction, in words.</summary>
    public required string Billing { get; init; }

    /// <summary>The account's target request rate.</summary>
    public required int AccountTransactionsPerSecond { get; init; }

    /// <summary>The entity size the account's target assumes: the model counts each entity read or written against it.</summary>
    public required int AccountTargetEntityBytes { get; init; }

    /// <summary>A partition's target entity rate.</summary>
    public required int PartitionEntitiesPerSecond { get; init; }

    /// <summary>Entities in a full query page.</summary>
    public required int QueryPageEntities { get; init; }

    /// <summary>Entities in a full entity-group transaction.</summary>
    public required int TransactionEntities { get; init; }
}

/// <summary>Blob Storage's operation prices.</summary>
public sealed record BlobPrices
{
    /// <summary>The access tier priced.</summary>
    public required string Tier { get; init; }

    /// <summary>Price of 10,000 writes (put blob, put block).</summary>
    public required decimal WritePerTenThousand { get; init; }

    /// <summary>Price of 10,000 reads.</summary>
    public required decimal ReadPerTenThousand { get; init; }

    /// <summary>Price of 10,000 list pages or containers created.</summary>
    public required decimal ListAndCreateContainerPerTenThousand { get; init; }

    /// <summary>Price of 10,000 deletes.</summary>
    public required decimal DeletePerTenThousand { get; init; }
}

/// <summary>Queue Storage's operation price.</summary>
public sealed record QueuePrices
{
    /// <summary>Price of 10,000 operations.</summary>
    public required decimal PerTenThousand { get; init; }
}

/// <summary>Event Hubs' prices and a throughput unit's capacity.</summary>
public sealed record EventHubsPrices
{
    /// <summary>The tier priced.</summary>
    public required string Tier { get; init; }

    /// <summary>Price of one throughput unit for an hour.</summary>
    public required decimal ThroughputUnitHour { get; init; }

    /// <summary>Price of a million ingress events.</summary>
    public required decimal IngressPerMillionEvents { get; init; }

    /// <summary>Ingress events per second one throughput unit admits.</summary>
    public required int ThroughputUnitEventsPerSecond { get; init; }

    /// <summary>Ingress bytes per second one throughput unit admits.</summary>
    public required int ThroughputUnitBytesPerSecond { get; init; }
}
