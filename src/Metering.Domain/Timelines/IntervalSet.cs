using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>
/// The instants at which something holds: a union of half-open intervals [start, end), kept sorted, disjoint and
/// never touching (two intervals that meet are one). <see cref="Instant.MinValue"/> as a start means "since ever",
/// <see cref="Instant.MaxValue"/> as an end means "from then on".
/// </summary>
internal sealed class IntervalSet
{
    private readonly ImmutableArray<Interval> _intervals;

    private IntervalSet(ImmutableArray<Interval> normalised) => _intervals = normalised;

    public static IntervalSet Empty { get; } = new([]);

    public static IntervalSet Always { get; } = new([new Interval(Instant.MinValue, Instant.MaxValue)]);

    public ImmutableArray<Interval> Intervals => _intervals;

    public bool IsEmpty => _intervals.IsEmpty;

    /// <summary>The union of any intervals, overlapping or not, in any order; empty intervals are dropped.</summary>
    public static IntervalSet Of(IEnumerable<Interval> intervals)
    {
        var sorted = intervals.Where(i => i.Start < i.End).OrderBy(i => i.Start).ThenBy(i => i.End).ToList();
        var merged = ImmutableArray.CreateBuilder<Interval>(sorted.Count);
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new Interval(last.Start, Max(last.End, interval.End));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return new IntervalSet(merged.ToImmutable());
    }

    /// <summary>The instants of a timeline whose state satisfies <paramref name="holds"/>.</summary>
    public static IntervalSet Where<TState>(IReadOnlyList<TimelineSegment<TState>> segments, Func<TState, bool> holds)
    {
        var intervals = new List<Interval>();
        Instant? since = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var on = holds(segments[i].State);
            if (on && since is null)
            {
                since = segments[i].From;
            }
            else if (!on && since is not null)
            {
                intervals.Add(new Interval(since.Value, segments[i].From));
                since = null;
            }
        }

        if (since is not null)
        {
            intervals.Add(new Interval(since.Value, Instant.MaxValue));
        }

        return Of(intervals);
    }

    public bool Contains(Instant instant)
    {
        foreach (var interval in _intervals)
        {
            if (instant < interval.Start)
            {
                return false;
            }

            if (instant < interval.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The interval that contains <paramref name="instant"/>, if any.</summary>
    public Interval? Around(Instant instant)
    {
        foreach (var interval in _intervals)
        {
            if (interval.Start <= instant && instant < interval.End)
            {
                return interval;
            }
        }

        return null;
    }

    /// <summary>The earliest instant of <paramref name="window"/> in the set, if any.</summary>
    public Instant? FirstIn(Interval window)
    {
        foreach (var interval in _intervals)
        {
            if (interval.End > window.Start && interval.Start < window.End)
            {
                return Max(interval.Start, window.Start);
            }
        }

        return null;
    }

    public IntervalSet Intersect(IntervalSet other)
    {
        var result = new List<Interval>();
        int i = 0, j = 0;
        while (i < _intervals.Length && j < other._intervals.Length)
        {
            var a = _intervals[i];
            var b = other._intervals[j];
            var start = Max(a.Start, b.Start);
            var end = Min(a.End, b.End);
            if (start < end)
            {
                result.Add(new Interval(start, end));
            }

            if (a.End <= b.End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return Of(result);
    }

    public IntervalSet Intersect(Interval window) => Intersect(Of([window]));

    public IntervalSet Union(IntervalSet other) => Of(_intervals.Concat(other._intervals));

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
