using Azure.Messaging.EventHubs;
using Metering.Pipeline.Ingest;
using Metering.Pipeline.Retries;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace Metering.Functions;

/// <summary>
/// Event Hubs in: hands each batch's raw bodies, with their partition and sequence numbers, to the ingest handler.
/// The trigger advances its checkpoint even when the function throws (SPEC section 3), so the handler never throws
/// for bad input (it dead-letters it) and a storage failure is retried here, with backoff and no limit, so that the
/// checkpoint never passes an event that was not recorded. A retried batch changes no figure: the receipt instant is
/// taken once, before the retries, so every attempt makes the same decisions and writes the same blobs.
/// </summary>
public sealed class IngestFunction(IngestHandler handler, RetryForever retry, IClock clock)
{
    /// <summary>Ingests one Event Hubs batch.</summary>
    [Function("ingest")]
    public Task RunAsync(
        [EventHubTrigger("%EventHubName%", Connection = "EventHub", ConsumerGroup = "%EventHubConsumerGroup%", IsBatched = true)] EventData[] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var partition = EventHubMetadata.PartitionIdOf(context.BindingContext.BindingData.GetValueOrDefault("PartitionContext")?.ToString());
        var batch = events.Select((e, i) => EventHubMetadata.ToRawEvent(e.EventBody.ToMemory(), i, partition, e.SequenceNumber)).ToArray();
        var receivedAt = clock.GetCurrentInstant();
        return handler.HandleUntilRecordedAsync(batch, receivedAt, retry, $"ingest of partition {partition}", cancellationToken);
    }
}
