using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// The states of one user through time, folded from the user's facts in <see cref="FactOrder"/>. A segment starts
/// at each instant where facts apply or a licence lapses on its own (its <c>expiresAt</c>, before any fact of that
/// same instant); the state of a segment is the state after everything at its start.
/// </summary>
internal sealed class UserTimeline
{
    private UserTimeline(ImmutableArray<TimelineSegment<UserState>> segments, ImmutableArray<ContentOpening> openings)
    {
        Segments = segments;
        Openings = openings;
    }

    public ImmutableArray<TimelineSegment<UserState>> Segments { get; }

    /// <summary>The <c>content.opened</c> facts in order, each with the state it happened in.</summary>
    public ImmutableArray<ContentOpening> Openings { get; }

    public static UserTimeline Of(IEnumerable<Fact> facts)
    {
        var sorted = FactOrder.Sorted(facts);
        var segments = new List<TimelineSegment<UserState>> { new(Instant.MinValue, UserState.Initial) };
        var openings = ImmutableArray.CreateBuilder<ContentOpening>();
        var state = UserState.Initial;
        var i = 0;
        while (true)
        {
            var expiry = state.NextExpiry();
            Instant? next = i < sorted.Count ? sorted[i].Time : null;
            if (expiry is { } lapse && (next is null || lapse <= next))
            {
                state = state.Lapse(lapse);
                TimelineSegment<UserState>.Record(segments, lapse, state);
                continue;
            }

            if (next is not { } now)
            {
                break;
            }

            for (; i < sorted.Count && sorted[i].Time == now; i++)
            {
                if (sorted[i].Type == EventCatalog.ContentOpened)
                {
                    openings.Add(new ContentOpening(sorted[i], state));
                }

                state = state.Apply(sorted[i]);
            }

            TimelineSegment<UserState>.Record(segments, now, state);
        }

        return new UserTimeline([.. segments], openings.ToImmutable());
    }

    /// <summary>The instants at which <paramref name="holds"/> is true of the user's state.</summary>
    public IntervalSet Where(Func<UserState, bool> holds) => IntervalSet.Where(Segments, holds);

    /// <summary>The state after every fact before <paramref name="instant"/> and at it.</summary>
    public UserState At(Instant instant)
    {
        var state = UserState.Initial;
        foreach (var segment in Segments)
        {
            if (segment.From > instant)
            {
                break;
            }

            state = segment.State;
        }

        return state;
    }
}
