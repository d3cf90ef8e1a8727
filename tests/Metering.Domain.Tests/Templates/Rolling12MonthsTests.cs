using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: users who used the services or updated their profile within the prior twelve months during the term.</summary>
public class Rolling12MonthsTests
{
    [Theory]
    [InlineData("2024-03-15", "2024-03-01_2025-02-28", 1)]
    [InlineData("2024-03-15", "2024-04-01_2025-03-31", 0)]
    [InlineData("2024-02-29", "2024-03-01_2025-02-28", 0)]
    [InlineData("2024-02-29", "2023-03-01_2024-02-29", 1)]
    [InlineData("2023-01-01", "2023-01-01_2023-06-30", 1)]
    [InlineData("2023-07-01", "2023-01-01_2023-06-30", 0)]
    public void At_Each_Month_End_A_User_Counts_If_Active_In_The_Prior_Twelve_Months_Of_The_Term(string day, string window, int count)
    {
        var scenario = new Scenario().Active("ana", day, EventCatalog.UserActivity);

        Assert.Equal(count, scenario.Measure(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31", window).Quantity);
    }

    [Fact]
    public void Types_Narrow_What_Counts_As_Use()
    {
        var scenario = new Scenario().Active("ana", "2024-03-10", EventCatalog.DataAccessed).Active("bob", "2024-04-10", EventCatalog.UserLogin);

        var measurement = scenario.Measure(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31", "2023-06-01_2024-05-31", TemplateParameters.None.With(TemplateParameterRules.Types, [EventCatalog.UserLogin]));

        Assert.Equal(["bob"], Scenario.Units(measurement).ToArray());
    }

    [Theory]
    [InlineData("2024-06-14", "2023-07-01_2024-06-14", 1, 1)]
    [InlineData("2024-06-30", "2023-07-01_2024-06-30", 2, 1)]
    [InlineData("2024-07-31", "2023-08-01_2024-07-31", 2, 1)]
    [InlineData("2025-02-28", "2024-03-01_2025-02-28", 2, 1)]
    [InlineData("2025-03-31", "2024-04-01_2025-03-31", 2, 0)]
    public void An_Amendment_Keeps_Looking_Back_Over_The_Prior_Twelve_Months_Of_The_Term(string monthEnd, string window, int version, int count)
    {
        // "within the prior twelve (12) months during the Term": the term, not the amended version, bounds the look-back.
        var scenario = new Scenario().Active("ana", "2024-03-15", EventCatalog.UserActivity);
        var contract = Scenario.Amend(scenario.Contract(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31"), "2024-06-15", TemplateNames.Rolling12Months);

        var measurement = scenario.Measure(contract, window);

        Assert.Equal(monthEnd, window[^10..]);
        Assert.Equal(version, scenario.Window(contract, window).Version.Number);
        Assert.Equal(count, measurement.Quantity);
    }

    [Fact]
    public void Updating_The_Profile_Counts_As_Use()
    {
        var scenario = new Scenario().Active("ana", "2024-05-05", EventCatalog.ProfileUpdated);

        Assert.Equal(1, scenario.Measure(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31", "2023-06-01_2024-05-31").Quantity);
    }

    [Fact]
    public void The_Window_Length_Is_A_Parameter()
    {
        var scenario = new Scenario().Active("ana", "2024-01-15");
        var three = TemplateParameters.None.With(TemplateParameterRules.Months, 3);

        Assert.Equal(1, scenario.Measure(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31", "2024-01-01_2024-03-31", three).Quantity);
        Assert.Equal(0, scenario.Measure(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31", "2024-02-01_2024-04-30", three).Quantity);
    }
}
