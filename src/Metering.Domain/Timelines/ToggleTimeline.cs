using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// Timelines that are on or off: an endpoint protected from <c>endpoint.protected</c> (a start or a heartbeat)
/// until <c>endpoint.unprotected</c>; a course visible unless its last <c>course.visibility</c> said otherwise
/// (a course never reported is visible).
/// </summary>
internal static class ToggleTimeline
{
    /// <summary>The instants after a fact of <paramref name="onType"/> and before the next fact of <paramref name="offType"/>.</summary>
    public static IntervalSet On(IEnumerable<Fact> facts, string onType, string offType) =>
        Fold(facts, false, (on, fact) => fact.Type == onType || (fact.Type != offType && on));

    /// <summary>The instants at which a course is visible, from its <c>course.visibility</c> facts.</summary>
    public static IntervalSet Visible(IEnumerable<Fact> courseFacts) =>
        Fold(courseFacts, true, (visible, fact) => fact.Data.Visible ?? visible);

    private static IntervalSet Fold(IEnumerable<Fact> facts, bool initial, Func<bool, Fact, bool> apply)
    {
        var segments = new List<TimelineSegment<bool>> { new(Instant.MinValue, initial) };
        var state = initial;
        foreach (var fact in FactOrder.Sorted(facts))
        {
            state = apply(state, fact);
            TimelineSegment<bool>.Record(segments, fact.Time, state);
        }

        return IntervalSet.Where(segments, on => on);
    }
}
