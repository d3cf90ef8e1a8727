namespace Metering.Domain.Events;

/// <summary>
/// One event body exactly as received, with where it came from. Bodies are never altered, only cut at the hard cap
/// (<see cref="CutTo"/>): a rejected body is dead-lettered byte for byte and the raw archive keeps every body, each
/// as far as it was kept.
/// </summary>
/// <param name="Body">The bytes of one CloudEvent in structured mode (JSON).</param>
/// <param name="Position">1-based ordinal in its input: the line of an NDJSON file, the element of a JSON array, the message of an Event Hubs batch.</param>
/// <param name="Partition">The Event Hubs partition, when it came from one.</param>
/// <param name="SequenceNumber">The Event Hubs sequence number, when it came from one.</param>
public sealed record RawEvent(ReadOnlyMemory<byte> Body, long Position, string? Partition = null, long? SequenceNumber = null)
{
    /// <summary>
    /// Set when the input held more than is kept of one event (the hard cap, far above
    /// <see cref="CloudEventParser.MaxBodyBytes"/>): the length of the whole input, of which <see cref="Body"/> holds
    /// the first bytes only. Such an event is always rejected as <see cref="RejectionReason.EventTooLarge"/>. Null
    /// when <see cref="Body"/> is the whole input.
    /// </summary>
    public long? OriginalLength { get; init; }

    /// <summary>
    /// True when a JSON-array batch could not be split any further (a missing comma, an unclosed array or string,
    /// content after the closing bracket): <see cref="Body"/> holds the rest of the input from the first byte that
    /// could not be delimited. It is rejected as <see cref="RejectionReason.MalformedBatch"/> and never parsed,
    /// even when those bytes happen to form a valid event, because the array around them is broken.
    /// </summary>
    public bool IsBatchRemainder { get; init; }

    /// <summary>
    /// The sender whose transport delivered the event: the Event Hubs hub that only this sender may write to, named by
    /// the trigger that read it (docs/architecture.md, "Senders"). An event with a sender is recorded only for tenants
    /// that list that sender (<see cref="Tenants.Tenant.Senders"/>), else it is rejected as
    /// <see cref="RejectionReason.UnauthorizedSender"/>: the body's <c>tenantid</c> and <c>source</c> are public
    /// strings, the transport's identity is not. Null for input with no transport identity (a file an operator ingests,
    /// the loopback endpoint of <c>metering serve</c>).
    /// </summary>
    public string? Sender { get; init; }

    /// <summary>
    /// This event with at most <paramref name="maxBytes"/> bytes of its body kept: itself when the body fits, else
    /// the body's first <paramref name="maxBytes"/> bytes (sharing its memory) with <see cref="OriginalLength"/> set
    /// to the body's length, or kept as it was for a body cut before. The cap is above
    /// <see cref="CloudEventParser.MaxBodyBytes"/>, so that a cut event is always one that is too large anyway.
    /// </summary>
    public RawEvent CutTo(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxBytes, CloudEventParser.MaxBodyBytes);
        return Body.Length <= maxBytes
            ? this
            : this with { Body = Body[..maxBytes], OriginalLength = OriginalLength ?? Body.Length };
    }
}
