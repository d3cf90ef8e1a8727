using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Measures;

/// <summary>
/// <c>average-of-months</c> over a contract year: each month counts on its own and is labelled as the month it is; the
/// figure is the mean rounded up to a whole unit, and the mean itself is shown to 4 places, saying so.
/// </summary>
public class AverageOfMonthsTests
{
    private static readonly RuleSpec Rule = new(
        new MeterSpec([EventCatalog.UserLogin], [], [], UnitDimension.Subject, false),
        null,
        WindowScheme.ContractYear,
        new MeasureSpec(MeasureKind.AverageOfMonths, Inner: MeasureKind.DistinctActive));

    [Theory]
    [InlineData("2025-01-01", "2025-01-01_2025-12-31", "2025-01", "2025-12")]
    [InlineData("2024-02-29", "2024-02-29_2025-02-27", "month from 2024-02-29", "month from 2025-01-29")]
    public void Each_Month_Is_Labelled_As_The_Month_It_Is(string start, string window, string first, string last)
    {
        var scenario = new Scenario().Active("ana", start);
        var contract = scenario.Generic(Rule, start, Scenario.Day(start).PlusYears(2).PlusDays(-1).ToString("yyyy-MM-dd", null));

        var measurement = scenario.Measure(contract, window);

        Assert.Equal(12, measurement.SubWindows.Length);
        Assert.Equal((first, last), (measurement.SubWindows[0].Label, measurement.SubWindows[^1].Label));
        Assert.Equal($"counted in {first} ({measurement.SubWindows[0].Id.Replace("_", " to ", StringComparison.Ordinal)})", Assert.Single(measurement.Evidence).Detail);
    }

    [Theory]
    [InlineData(new[] { 2, 1, 1 }, 1L, "0.3333", "4 / 12, shown to 4 decimal places")]
    [InlineData(new[] { 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12 }, 12L, "12", "144 / 12, exact")]
    [InlineData(new[] { 3, 3 }, 1L, "0.5", "6 / 12, exact")]
    [InlineData(new[] { 25, 24, 23, 22, 21, 20, 20, 21, 22, 23, 24, 24 }, 23L, "22.4167", "269 / 12, shown to 4 decimal places")]
    public void The_Figure_Is_The_Mean_Rounded_Up_And_The_Mean_Is_Shown_To_Four_Places(int[] usersPerMonth, long average, string mean, string rounding)
    {
        var scenario = new Scenario();
        for (var month = 0; month < usersPerMonth.Length; month++)
        {
            for (var user = 0; user < usersPerMonth[month]; user++)
            {
                scenario.Active($"u{user}", new NodaTime.LocalDate(2025, month + 1, 10).ToString("yyyy-MM-dd", null));
            }
        }

        var measurement = scenario.Measure(scenario.Generic(Rule, "2025-01-01", "2025-12-31"), "2025-01-01_2025-12-31");

        Assert.Equal(average, measurement.Quantity);
        var figures = measurement.Figures.ToDictionary(f => f.Name);
        Assert.Equal(average, figures["average-active-users"].Value);
        Assert.StartsWith("the mean of 12 monthly counts", figures["average-active-users"].Rounding, StringComparison.Ordinal);
        Assert.Equal(mean, figures["mean-monthly-count"].Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rounding, figures["mean-monthly-count"].Rounding);
    }
}
