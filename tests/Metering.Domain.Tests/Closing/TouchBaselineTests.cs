using System.Collections.Immutable;
using Metering.Domain.Closing;
using Metering.Domain.Ingest;
using Metering.Domain.Rules;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Closing;

/// <summary>
/// The baseline of a window counts the late touches of every day whose data its close reads: presence months, fact
/// history from the start, session months reaching back before the window; nothing else.
/// </summary>
public sealed class TouchBaselineTests
{
    private static readonly DataNeeds Presence = new([new YearMonth(2025, 3)], null, []);
    private static readonly DataNeeds Facts = new([], new YearMonth(2025, 3), []);
    private static readonly DataNeeds Sessions = new([], null, [new YearMonth(2025, 2), new YearMonth(2025, 3)]);

    public static TheoryData<string, string, StoredData, bool> Reach => new()
    {
        // needs, touched day, data the late events wrote, whether the March window's baseline counts the touch
        { "presence", "2025-03-10", StoredData.Presence, true },
        { "presence", "2025-02-20", StoredData.Presence, false },
        { "presence", "2025-03-10", StoredData.Facts, false },
        { "facts", "2025-02-20", StoredData.Facts, true },
        { "facts", "2019-01-01", StoredData.Facts, true },
        { "facts", "2025-03-31", StoredData.Facts, true },
        { "facts", "2025-04-01", StoredData.Facts, false },
        { "facts", "2025-02-20", StoredData.Presence, false },
        { "facts", "2025-02-20", StoredData.Presence | StoredData.Facts, true },
        { "sessions", "2025-02-28", StoredData.Sessions, true },
        { "sessions", "2025-01-31", StoredData.Sessions, false },
        { "sessions", "2025-02-28", StoredData.Facts, false },
        { "presence", "2025-03-10", StoredData.All, true },
    };

    [Theory]
    [MemberData(nameof(Reach))]
    public void A_Touch_Counts_When_The_Close_Reads_What_It_Wrote_On_Its_Day(string needs, string day, StoredData data, bool counted)
    {
        var touch = new DayTouchTotal(LocalDatePattern.Iso.Parse(day).Value, data, 2, 5);

        var baseline = TouchBaseline.Of([touch], NeedsOf(needs));

        Assert.Equal(counted ? 2 : 0, baseline.Records);
        Assert.Equal(counted ? [(touch.Day, 5L)] : [], baseline.EventsByDay.Select(e => (e.Key, e.Value)));
    }

    [Theory]
    [InlineData("presence", "2025-03-01", "2025-03-31")]
    [InlineData("facts", null, "2025-03-31")]
    [InlineData("sessions", "2025-02-01", "2025-03-31")]
    public void The_Days_Read_Run_From_The_First_Month_Read_Or_From_The_Start_Of_History(string needs, string? first, string last)
    {
        var read = NeedsOf(needs);

        Assert.Equal(first, read.FirstDayRead is { } day ? LocalDatePattern.Iso.Format(day) : null);
        Assert.Equal(last, LocalDatePattern.Iso.Format(read.LastDayRead));
    }

    [Fact]
    public void Touches_Of_One_Day_Sum_Over_Tenants_And_Kinds()
    {
        var day = new LocalDate(2025, 2, 20);
        var needs = new DataNeeds(ImmutableArray.Create(new YearMonth(2025, 2)), new YearMonth(2025, 2), []);

        var baseline = TouchBaseline.Of([new(day, StoredData.Presence, 1, 2), new(day, StoredData.Facts, 2, 3), new(day, StoredData.Sessions, 4, 4)], needs);

        Assert.Equal(3, baseline.Records);
        Assert.Equal(5, baseline.EventsByDay[day]);
    }

    private static DataNeeds NeedsOf(string name) => name switch
    {
        "presence" => Presence,
        "facts" => Facts,
        _ => Sessions,
    };
}
