using Metering.Pipeline.Ingest;
using Metering.Pipeline.Retries;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Functions;

/// <summary>
/// Event Hubs in: hands each batch's raw bodies, with their partition, sequence numbers and CloudEvents binary-mode
/// properties, to the ingest handler. The trigger advances its checkpoint even when the function throws, so the
/// handler never throws for bad input (it dead-letters it) and a storage failure is retried here, with backoff and no
/// limit, so that the checkpoint never passes an event that was not recorded. The host's cancellation does not end the
/// retries either: the pinned 5.1.0 extension writes its checkpoint after a cancelled invocation too (skipping it came
/// in later versions of the extension), so giving up when the partition's ownership moves or the instance stops would
/// let the checkpoint pass a batch never recorded. Retrying on instead, the batch is either recorded before the
/// invocation ends, or the host stops the process first and no checkpoint is written; a new owner of the partition
/// records the same batch again meanwhile, which changes nothing. A retried batch changes no figure: the receipt
/// instant is taken once, before the retries, so every attempt makes the same decisions and writes the same blobs.
/// </summary>
/// <remarks>
/// The binding is what the worker really converts for a batched trigger on the 5.1.0 extension, and on 6.x alike:
/// the bodies as <c>byte[][]</c> (the host sends a collection of bytes), the sequence numbers as the binding-data
/// array <c>SequenceNumberArray</c> bound by parameter name, and from the binding data by key
/// <c>PropertiesArray</c>, <c>SystemPropertiesArray</c> and <c>PartitionContext</c> (JSON text). The
/// <c>EventData[]</c> binding needs the 6.x extension's converter and arrives empty on 5.1.0. The arrays are matched
/// to the bodies by index and checked for length in <see cref="EventHubMetadata.ToRawEvents"/>.
/// </remarks>
public sealed partial class IngestFunction(IngestHandler handler, RetryForever retry, IClock clock, ILogger<IngestFunction> logger)
{
    /// <summary>Ingests one Event Hubs batch of the sender this function was made for (<see cref="SenderFunctions"/>).</summary>
    [Function("ingest")]
    public async Task RunAsync(
        [EventHubTrigger("%EventHubNamePrefix%", Connection = "EventHub", ConsumerGroup = "%EventHubConsumerGroup%", IsBatched = true)] byte[][] events,
        long[]? sequenceNumberArray,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var receivedAt = clock.GetCurrentInstant();
        var data = context.BindingContext.BindingData;
        // The hub this function reads belongs to one sender (SenderFunctions); the template's own name gives an empty
        // sender, which no tenant lists, so that whatever it reads is kept in the dead letters and counted for no one.
        var sender = SenderFunctions.SenderOf(context.FunctionDefinition.Name) ?? string.Empty;
        var batch = EventHubMetadata.ToRawEvents(
            events,
            sequenceNumberArray,
            TextOf(data, "PropertiesArray"),
            TextOf(data, "SystemPropertiesArray"),
            TextOf(data, "PartitionContext"),
            sender);
        foreach (var problem in batch.Problems)
        {
            LogMetadataProblem(logger, batch.Partition, problem);
        }

        using var cancelled = cancellationToken.Register(() => LogCancellationIgnored(logger, sender, batch.Partition));
        await handler.HandleUntilRecordedAsync(batch.Events, receivedAt, retry, $"ingest of {sender}'s partition {batch.Partition}", CancellationToken.None);
    }

    private static string? TextOf(IReadOnlyDictionary<string, object?> bindingData, string key) =>
        bindingData.TryGetValue(key, out var value) ? value as string : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host cancelled the ingest of {Sender}'s partition {Partition}; it goes on until the batch is recorded, since the Event Hubs extension would checkpoint past a cancelled batch")]
    private static partial void LogCancellationIgnored(ILogger logger, string sender, string? partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event Hubs trigger metadata of partition {Partition} does not match its batch: {Problem}")]
    private static partial void LogMetadataProblem(ILogger logger, string? partition, string problem);
}
