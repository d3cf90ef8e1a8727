using Metering.Domain.Events;
using Metering.Domain.Identity;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Tests.Support;
using NodaTime;

namespace Metering.Domain.Tests.Measures;

public class DistinctActiveMeasureTests
{
    private static readonly MeterSpec Logins = new([EventCatalog.UserLogin], [], [], UnitDimension.Subject, false);
    private static readonly DateInterval March = new(Scenario.Day("2025-03-01"), Scenario.Day("2025-03-31"));

    [Theory]
    [InlineData("2025-02-28", 0)]
    [InlineData("2025-03-01", 1)]
    [InlineData("2025-03-31", 1)]
    [InlineData("2025-04-01", 0)]
    public void A_Unit_Counts_When_Active_On_A_Local_Day_Of_The_Window(string day, int count)
    {
        var scenario = new Scenario().Active("ana", day);

        Assert.Equal(count, Count(scenario, Logins, March).Count);
    }

    [Fact]
    public void A_Unit_Active_On_Many_Days_Counts_Once_With_Its_First_Day_As_Evidence()
    {
        var scenario = new Scenario().Active("ana", "2025-03-20").Active("ana", "2025-03-03").Active("ana", "2025-03-28");

        var line = Assert.Single(Count(scenario, Logins, March).Evidence);

        Assert.Equal("2025-03-03", line.Qualifier.Text);
    }

    [Fact]
    public void Activity_Of_Types_The_Meter_Does_Not_Select_Does_Not_Count()
    {
        var scenario = new Scenario().Active("ana", "2025-03-03", EventCatalog.ProfileUpdated);

        Assert.Equal(0, Count(scenario, Logins, March).Count);
    }

    [Fact]
    public void Per_Deployment_Units_Count_A_User_Once_In_Each_Deployment_And_Fill_The_Dimensions()
    {
        var meter = Logins with { Unit = UnitDimension.SubjectAndDeployment };
        var scenario = new Scenario()
            .Active("ana", "2025-03-03", data: new EventData { Deployment = "cloud" })
            .Active("ana", "2025-03-04", data: new EventData { Deployment = "on-premises" })
            .Active("bob", "2025-03-04");

        var tally = Count(scenario, meter, March);

        Assert.Equal(3, tally.Count);
        Assert.Equal(2, tally.Dimensions["cloud"]);
        Assert.Equal(1, tally.Dimensions["on-premises"]);
    }

    [Fact]
    public void Activity_Under_An_Alias_Counts_For_Its_Owner_And_The_Evidence_Names_The_Alias()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] })
            .Active("ana@example.com", "2025-03-05")
            .Active("u-1", "2025-03-09");
        var inputs = scenario.Inputs();
        var aliases = AliasDirectory.Of([scenario.Tenant], inputs, Scenario.Utc("2025-04-01T00:00:00Z"));

        var line = Assert.Single(DistinctActiveMeasure.Count(Logins with { ResolveAliases = true }, March, MeasureContext.Of([scenario.Tenant], inputs), aliases).Evidence);

        Assert.Equal("u-1", line.Unit.Value);
        Assert.Equal("2025-03-05", line.Qualifier.Text);
        Assert.Equal("aliases merged: ana@example.com", line.Detail);
    }

    [Fact]
    public void Activity_Of_A_Tenant_Outside_The_Contract_Does_Not_Count()
    {
        var scenario = new Scenario().Active("ana", "2025-03-03", tenant: "other");

        Assert.Equal(0, Count(scenario, Logins, March).Count);
    }

    [Theory]
    [InlineData("2025-03-10", "2025-03-20", 0xFFE00u)]
    [InlineData("2025-02-15", "2025-03-02", 0b11u)]
    [InlineData("2025-03-30", "2025-04-30", 0b_0110_0000_0000_0000_0000_0000_0000_0000u)]
    public void Day_Mask_Holds_The_Window_Days_Of_The_Month(string first, string last, uint mask) =>
        Assert.Equal(mask, DistinctActiveMeasure.DayMask(new YearMonth(2025, 3), new DateInterval(Scenario.Day(first), Scenario.Day(last))));

    private static UnitTally Count(Scenario scenario, MeterSpec meter, DateInterval days) =>
        DistinctActiveMeasure.Count(meter, days, MeasureContext.Of([scenario.Tenant], scenario.Inputs()), AliasDirectory.None);
}
