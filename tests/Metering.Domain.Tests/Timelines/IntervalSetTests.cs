using CsCheck;
using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Tests.Timelines;

public class IntervalSetTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    [Fact]
    public void Overlapping_And_Touching_Intervals_Merge_Into_One()
    {
        var set = IntervalSet.Of([Span(5, 8), Span(0, 2), Span(2, 4), Span(3, 6)]);

        Assert.Equal([Span(0, 8)], set.Intervals.ToArray());
    }

    [Fact]
    public void Empty_Intervals_Hold_Nothing()
    {
        Assert.True(IntervalSet.Of([Span(3, 3)]).IsEmpty);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(-1, false)]
    public void The_Start_Is_Inside_And_The_End_Is_Outside(int hour, bool inside) =>
        Assert.Equal(inside, IntervalSet.Of([Span(0, 5)]).Contains(T0 + Duration.FromHours(hour)));

    [Fact]
    public void First_Instant_In_A_Window_Is_The_Window_Start_When_Held_Since_Before()
    {
        var set = IntervalSet.Of([Span(0, 10)]);

        Assert.Equal(T0 + Duration.FromHours(4), set.FirstIn(Span(4, 6)));
        Assert.Null(set.FirstIn(Span(10, 12)));
    }

    [Fact]
    public void Intersection_Keeps_What_Both_Hold_And_Union_What_Either_Holds()
    {
        var a = IntervalSet.Of([Span(0, 4), Span(6, 10)]);
        var b = IntervalSet.Of([Span(3, 7)]);

        Assert.Equal([Span(3, 4), Span(6, 7)], a.Intersect(b).Intervals.ToArray());
        Assert.Equal([Span(0, 10)], a.Union(b).Intervals.ToArray());
    }

    [Fact]
    public void Intersection_Is_Commutative_And_Holds_Exactly_Where_Both_Do()
    {
        var spans = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 8]).Select((start, length) => Span(start, start + length)).Array[0, 6];
        Gen.Select(spans, spans, Gen.Int[-2, 50]).Sample((left, right, probe) =>
        {
            var a = IntervalSet.Of(left);
            var b = IntervalSet.Of(right);
            var at = T0 + Duration.FromHours(probe);

            Assert.Equal(a.Intersect(b).Intervals.ToArray(), b.Intersect(a).Intervals.ToArray());
            Assert.Equal(a.Contains(at) && b.Contains(at), a.Intersect(b).Contains(at));
            Assert.Equal(a.Contains(at) || b.Contains(at), a.Union(b).Contains(at));
            Assert.Equal(left.Any(s => s.Contains(at)), a.Contains(at));
        });
    }

    private static Interval Span(int fromHour, int toHour) => new(T0 + Duration.FromHours(fromHour), T0 + Duration.FromHours(toHour));
}
