using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// When a user is in session. A session (by <c>sessionId</c>; events without one form a single session of the
/// user) is open for the idle timeout after each of its events, [t, t + timeout), and each such stretch is cut at
/// the session's first <c>session.ended</c> at or after t. An event later than an end (a client still sending)
/// opens the session again from its own instant. Because an end only cuts what precedes it, the events read from
/// one idle timeout before a window decide the whole window.
/// </summary>
internal static class SessionTimeline
{
    public static IntervalSet InSession(IEnumerable<Fact> sessionFacts, Duration idleTimeout)
    {
        var open = new List<Interval>();
        foreach (var session in sessionFacts.GroupBy(f => f.Data.SessionId ?? string.Empty, StringComparer.Ordinal))
        {
            var ends = session.Where(f => f.Type == EventCatalog.SessionEnded).Select(f => f.Time).Order().ToList();
            foreach (var fact in session)
            {
                if (fact.Type == EventCatalog.SessionEnded)
                {
                    continue;
                }

                var until = fact.Time + idleTimeout;
                var end = ends.FirstOrDefault(e => e >= fact.Time, until);
                open.Add(new Interval(fact.Time, end < until ? end : until));
            }
        }

        return IntervalSet.Of(open);
    }
}
