using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>One Event Hubs batch as raw events.</summary>
/// <param name="Events">The events in delivery order, positions 1 to n.</param>
/// <param name="Partition">The partition, when the trigger said.</param>
/// <param name="BinaryModeEvents">How many arrived in binary content mode.</param>
/// <param name="Problems">Trigger metadata that could not be matched to the bodies and was left out.</param>
public sealed record EventHubBatch(IReadOnlyList<RawEvent> Events, string? Partition, int BinaryModeEvents, IReadOnlyList<string> Problems);
