using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// One access-ID code through time: assigned from <c>accessid.assigned</c> (to the user in its <c>userId</c>; a new
/// assignment moves it) until <c>accessid.revoked</c>.
/// </summary>
internal sealed class AccessIdTimeline
{
    private readonly ImmutableArray<TimelineSegment<string?>> _segments;

    private AccessIdTimeline(ImmutableArray<TimelineSegment<string?>> segments) => _segments = segments;

    public static AccessIdTimeline Of(IEnumerable<Fact> facts)
    {
        var segments = new List<TimelineSegment<string?>> { new(Instant.MinValue, null) };
        string? holder = null;
        foreach (var fact in FactOrder.Sorted(facts))
        {
            holder = fact.Type switch
            {
                EventCatalog.AccessIdAssigned => fact.Data.UserId ?? string.Empty,
                EventCatalog.AccessIdRevoked => null,
                _ => holder,
            };

            TimelineSegment<string?>.Record(segments, fact.Time, holder);
        }

        return new AccessIdTimeline([.. segments]);
    }

    /// <summary>The instants at which the code is assigned.</summary>
    public IntervalSet Assigned => IntervalSet.Where(_segments, holder => holder is not null);

    /// <summary>The users the code was assigned to at some instant of <paramref name="window"/>, sorted (an assignment without a user is written as an empty string).</summary>
    public ImmutableArray<string> HoldersDuring(Interval window)
    {
        var holders = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _segments.Length; i++)
        {
            var end = i + 1 < _segments.Length ? _segments[i + 1].From : Instant.MaxValue;
            if (_segments[i].State is { } holder && _segments[i].From < window.End && end > window.Start)
            {
                holders.Add(holder);
            }
        }

        return [.. holders];
    }
}
