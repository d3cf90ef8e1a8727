namespace Metering.Domain.Events;

/// <summary>
/// One event body exactly as received, with where it came from. Bodies are never altered: a rejected body is
/// dead-lettered byte for byte and the raw archive keeps every body.
/// </summary>
/// <param name="Body">The bytes of one CloudEvent in structured mode (JSON).</param>
/// <param name="Position">1-based ordinal in its input: the line of an NDJSON file, the element of a JSON array, the message of an Event Hubs batch.</param>
/// <param name="Partition">The Event Hubs partition, when it came from one.</param>
/// <param name="SequenceNumber">The Event Hubs sequence number, when it came from one.</param>
public sealed record RawEvent(ReadOnlyMemory<byte> Body, long Position, string? Partition = null, long? SequenceNumber = null);
