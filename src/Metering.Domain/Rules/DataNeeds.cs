using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Rules;

/// <summary>
/// What the close must read, for every tenant of the contract, to measure one window, and nothing more. Months are
/// local months of the billing zone, the unit in which storage partitions activity, facts and sessions.
/// </summary>
/// <param name="PresenceMonths">The months whose presence records are read, consecutive and in order; empty when the rule counts no activity.</param>
/// <param name="FactsThrough">
/// Timeline facts (sessions excepted) are read from the start of the tenant's history through the last local day of
/// this month, inclusive; null when the rule needs no facts. State at an instant depends on every earlier fact, so
/// there is no lower bound.
/// </param>
/// <param name="SessionMonths">
/// The months whose session facts are read, consecutive and in order; empty when the rule counts no sessions. The
/// first month is that of a day before the window, because a session opened before midnight can still be open
/// when the window starts.
/// </param>
public sealed record DataNeeds(ImmutableArray<YearMonth> PresenceMonths, YearMonth? FactsThrough, ImmutableArray<YearMonth> SessionMonths)
{
    /// <summary>The local months that contain at least one day of <paramref name="days"/>, in order.</summary>
    public static ImmutableArray<YearMonth> MonthsOf(DateInterval days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var months = ImmutableArray.CreateBuilder<YearMonth>();
        for (var month = days.Start.ToYearMonth(); month <= days.End.ToYearMonth(); month = month.PlusMonths(1))
        {
            months.Add(month);
        }

        return months.ToImmutable();
    }
}
