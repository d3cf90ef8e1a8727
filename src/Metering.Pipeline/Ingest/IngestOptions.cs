using Metering.Domain.Events;
using NodaTime;

namespace Metering.Pipeline.Ingest;

/// <summary>What a deployment sets for ingest.</summary>
/// <param name="MaximumEventAge">
/// The oldest-event horizon: an event whose <c>time</c> is further than this before its receipt is dead-lettered as
/// <c>too-old</c> (docs/events.md). A replay judges by the first receipt, so it never loses an event the first
/// receipt kept.
/// </param>
public sealed record IngestOptions(Duration MaximumEventAge)
{
    /// <summary>The defaults: <see cref="CloudEventParser.DefaultMaximumAge"/>.</summary>
    public static IngestOptions Default { get; } = new(CloudEventParser.DefaultMaximumAge);
}
