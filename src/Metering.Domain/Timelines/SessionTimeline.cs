using Metering.Domain.Events;
using Metering.Domain.Facts;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// When a user is in session. A session (by <c>sessionId</c>; events without one form a single session of the user)
/// is open for the idle timeout after each of its events, [t, t + timeout), and no later than its
/// <c>session.ended</c>: the earliest end reported cuts it, and its events at or after that instant do not reopen
/// it. A user is in session while any of their sessions is open.
/// </summary>
internal static class SessionTimeline
{
    public static IntervalSet InSession(IEnumerable<Fact> sessionFacts, Duration idleTimeout)
    {
        var open = new List<Interval>();
        foreach (var session in sessionFacts.GroupBy(f => f.Data.SessionId ?? string.Empty, StringComparer.Ordinal))
        {
            var ended = session.Where(f => f.Type == EventCatalog.SessionEnded).Select(f => (Instant?)f.Time).Min() ?? Instant.MaxValue;
            foreach (var fact in session)
            {
                if (fact.Type != EventCatalog.SessionEnded && fact.Time < ended)
                {
                    var until = fact.Time + idleTimeout;
                    open.Add(new Interval(fact.Time, until < ended ? until : ended));
                }
            }
        }

        return IntervalSet.Of(open);
    }
}
