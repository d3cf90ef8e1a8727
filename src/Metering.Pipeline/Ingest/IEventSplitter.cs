using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>Cuts a byte stream fed in pieces into event bodies, keeping at most a bounded number of bytes per event.</summary>
internal interface IEventSplitter
{
    /// <summary>Consumes the next bytes of the input, adding every event they complete to <paramref name="events"/>.</summary>
    void Feed(ReadOnlySpan<byte> bytes, List<RawEvent> events);

    /// <summary>Ends the input, adding the event still open, if any.</summary>
    void Complete(List<RawEvent> events);
}
