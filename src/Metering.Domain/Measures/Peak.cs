using NodaTime;

namespace Metering.Domain.Measures;

/// <summary>
/// The highest number of units holding at one instant of a window, and the first instant it is reached. Intervals
/// are half-open, so a unit leaving at the instant another arrives is not counted with it.
/// </summary>
internal static class Peak
{
    public static (long Count, Instant? At) Of(IEnumerable<Holding> holdings, Interval window)
    {
        var changes = new List<(Instant At, int Delta)>();
        foreach (var holding in holdings)
        {
            foreach (var interval in holding.Instants.Intersect(window).Intervals)
            {
                changes.Add((interval.Start, +1));
                changes.Add((interval.End, -1));
            }
        }

        changes.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        long count = 0, peak = 0;
        Instant? at = null;
        foreach (var (instant, delta) in changes)
        {
            count = checked(count + delta);
            if (count > peak)
            {
                peak = count;
                at = instant;
            }
        }

        return (peak, at);
    }
}
