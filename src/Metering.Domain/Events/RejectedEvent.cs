using System.Collections.Immutable;

namespace Metering.Domain.Events;

/// <summary>An input event that was not recorded, with every reason found.</summary>
/// <param name="Event">The event exactly as received.</param>
/// <param name="Errors">Every problem found, the first being the primary reason; never empty.</param>
public sealed record RejectedEvent(RawEvent Event, ImmutableArray<ValidationError> Errors)
{
    /// <summary>The code of the first problem: the reason a summary counts it under.</summary>
    public string Reason => Errors[0].Code;
}
