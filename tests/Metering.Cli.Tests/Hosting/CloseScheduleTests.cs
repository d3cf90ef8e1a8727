using Metering.Hosting.Scheduling;
using Metering.Hosting.Settings;
using NodaTime;
using NodaTime.Text;

namespace Metering.Cli.Tests.Hosting;

public sealed class CloseScheduleTests
{
    [Theory]
    [InlineData("0 */15 * * * *", "2025-03-30T00:59:59Z", "2025-03-30T01:00:00Z")]
    [InlineData("0 */15 * * * *", "2025-03-30T01:00:00Z", "2025-03-30T01:15:00Z")]
    [InlineData("0 */15 * * * *", "2024-02-29T23:50:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("0 0 2 1 * *", "2025-01-31T12:00:00Z", "2025-02-01T02:00:00Z")]
    [InlineData("30 5 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:05:30Z")]
    public void The_Next_Occurrence_Is_Strictly_After_And_In_Utc(string expression, string after, string expected)
    {
        var schedule = CloseSchedule.Parse(expression);

        Assert.Equal(InstantPattern.ExtendedIso.Parse(expected).Value, schedule.NextAfter(InstantPattern.ExtendedIso.Parse(after).Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 */15 * * * * *")]
    [InlineData("0 61 * * * *")]
    [InlineData("every quarter hour")]
    public void An_Expression_That_Is_Not_Ncrontab_With_Seconds_Is_Refused_With_The_Reason(string expression)
    {
        Assert.False(CloseSchedule.TryParse(expression, out _, out var problem));
        Assert.NotEmpty(problem);
        Assert.Contains("CloseSchedule", Assert.Single(new MeteringSettings { StorageConnectionString = "UseDevelopmentStorage=true", CloseSchedule = expression }.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_Default_Runs_Every_Quarter_Hour_Like_The_Functions_Timer()
    {
        var schedule = new MeteringSettings().CloseSchedule;

        Assert.Equal("0 */15 * * * *", schedule);
        Assert.Equal(Instant.FromUtc(2025, 1, 1, 0, 15), CloseSchedule.Parse(schedule).NextAfter(Instant.FromUtc(2025, 1, 1, 0, 0)));
    }
}
