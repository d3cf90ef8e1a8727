using Metering.Domain.Events;
using Metering.Domain.Facts;

namespace Metering.Domain.Timelines;

/// <summary>
/// The one order in which facts apply: by time; at the same instant, creation first, then grants, assignments and
/// other changes, then observations (an opened book), then revocations and endings, deletion last; then by event
/// key. Arrival order never matters, so a shuffled or redelivered history gives the same timeline.
/// </summary>
internal static class FactOrder
{
    public static IComparer<Fact> Comparer { get; } = Comparer<Fact>.Create(Compare);

    /// <summary>The rank of a type among facts of the same instant (lower applies first).</summary>
    public static int Precedence(string type) => type switch
    {
        EventCatalog.UserCreated => 0,
        EventCatalog.ContentOpened => 2,
        EventCatalog.UserDeactivated or EventCatalog.UserSuspended or EventCatalog.RoleRevoked or EventCatalog.SeatReleased
            or EventCatalog.CredentialDisabled or EventCatalog.LicenseRevoked or EventCatalog.LicenseExpired
            or EventCatalog.EnrollmentSuspended or EventCatalog.EnrollmentDeleted or EventCatalog.EndpointUnprotected
            or EventCatalog.AccessIdRevoked or EventCatalog.SessionEnded => 3,
        EventCatalog.UserDeleted => 4,
        _ => 1,
    };

    /// <summary>The facts in application order.</summary>
    public static List<Fact> Sorted(IEnumerable<Fact> facts)
    {
        var sorted = facts.ToList();
        sorted.Sort(Comparer);
        return sorted;
    }

    private static int Compare(Fact? a, Fact? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var byTime = a.Time.CompareTo(b.Time);
        if (byTime != 0)
        {
            return byTime;
        }

        var byPrecedence = Precedence(a.Type).CompareTo(Precedence(b.Type));
        return byPrecedence != 0 ? byPrecedence : a.Key.CompareTo(b.Key);
    }
}
