using System.Collections.Immutable;
using Metering.Domain.Ingest;
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
    /// <summary>
    /// The first local day whose stored data the close reads: null when it reads facts, whose history has no start;
    /// else the first day of the first presence or session month.
    /// </summary>
    public LocalDate? FirstDayRead
    {
        get
        {
            if (FactsThrough is not null)
            {
                return null;
            }

            var months = PresenceMonths.Concat(SessionMonths).ToArray();
            return months.Length == 0 ? LastDayRead : months.Min().OnDayOfMonth(1);
        }
    }

    /// <summary>The last local day whose stored data the close reads: the last day of the last month of any kind it reads.</summary>
    public LocalDate LastDayRead
    {
        get
        {
            var last = FactsThrough ?? new YearMonth(1, 1);
            last = PresenceMonths.IsEmpty ? last : Max(last, PresenceMonths[^1]);
            last = SessionMonths.IsEmpty ? last : Max(last, SessionMonths[^1]);
            return last.OnDayOfMonth(last.Calendar.GetDaysInMonth(last.Year, last.Month));
        }
    }

    /// <summary>
    /// Whether the close reads any of <paramref name="data"/> stored for local day <paramref name="day"/>: then an event
    /// of that day arriving late can change the window's figures, and the window must be measured again.
    /// </summary>
    public bool Reads(LocalDate day, StoredData data)
    {
        var month = day.ToYearMonth();
        return (data.HasFlag(StoredData.Presence) && Contains(PresenceMonths, month))
            || (data.HasFlag(StoredData.Facts) && FactsThrough is { } through && month <= through)
            || (data.HasFlag(StoredData.Sessions) && Contains(SessionMonths, month));
    }

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

    private static bool Contains(ImmutableArray<YearMonth> consecutive, YearMonth month) =>
        !consecutive.IsEmpty && consecutive[0] <= month && month <= consecutive[^1];

    private static YearMonth Min(YearMonth a, YearMonth b) => a <= b ? a : b;

    private static YearMonth Max(YearMonth a, YearMonth b) => a >= b ? a : b;
}
