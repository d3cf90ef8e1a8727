using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// One step of a timeline: the state that holds from <paramref name="From"/> (inclusive) until the next segment's
/// start (exclusive). The first segment of a timeline starts at <see cref="Instant.MinValue"/>.
/// </summary>
internal sealed record TimelineSegment<TState>(Instant From, TState State);
