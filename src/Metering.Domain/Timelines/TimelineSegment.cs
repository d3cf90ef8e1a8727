using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// One step of a timeline: the state that holds from <paramref name="From"/> (inclusive) until the next segment's
/// start (exclusive). The first segment of a timeline starts at <see cref="Instant.MinValue"/>.
/// </summary>
internal sealed record TimelineSegment<TState>(Instant From, TState State)
{
    /// <summary>
    /// Appends the state reached at <paramref name="from"/>; when several facts share that instant, only the state
    /// after the last of them holds for any time, so it replaces the one recorded there before.
    /// </summary>
    public static void Record(List<TimelineSegment<TState>> segments, Instant from, TState state)
    {
        if (segments.Count > 0 && segments[^1].From == from)
        {
            segments[^1] = new TimelineSegment<TState>(from, state);
        }
        else
        {
            segments.Add(new TimelineSegment<TState>(from, state));
        }
    }
}
