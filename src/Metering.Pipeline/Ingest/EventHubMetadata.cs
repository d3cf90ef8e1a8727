using System.Text.Json;
using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// What the Event Hubs trigger hands the ingest function, turned into raw events. Kept here, tested, so that the
/// Functions app (which cannot be built offline) holds no logic of its own.
/// </summary>
public static class EventHubMetadata
{
    /// <summary>
    /// The partition id in the trigger's <c>PartitionContext</c> binding data (a JSON object with a
    /// <c>PartitionId</c> property), or null when it is absent or unreadable: the partition is provenance for the
    /// archive and dead letters, never needed to count.
    /// </summary>
    public static string? PartitionIdOf(string? partitionContextJson)
    {
        if (string.IsNullOrWhiteSpace(partitionContextJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(partitionContextJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("PartitionId", out var id)
                && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The raw event of the message at 0-based <paramref name="index"/> of a batch (its position is 1-based).</summary>
    public static RawEvent ToRawEvent(ReadOnlyMemory<byte> body, int index, string? partition, long sequenceNumber) =>
        new(body, index + 1L, partition, sequenceNumber);
}
