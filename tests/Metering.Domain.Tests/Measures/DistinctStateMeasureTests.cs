using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Tests.Support;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Measures;

public class DistinctStateMeasureTests
{
    private static readonly StatePredicateSpec Seat = new(FactFamily.User, [new StateCondition(StateAtom.SeatAssigned)]);

    // March 2025 in Paris: [2025-02-28T23:00:00Z, 2025-03-31T22:00:00Z), 743 hours (clocks go forward on the 30th).
    private static readonly BillingWindow March = new(
        WindowSchemeKind.CalendarMonth, new DateInterval(Scenario.Day("2025-03-01"), Scenario.Day("2025-03-31")), DateTimeZoneProviders.Tzdb["Europe/Paris"], [], null, false);

    [Theory]
    [InlineData("2025-03-31T21:59:59Z", null, 1)]
    [InlineData("2025-03-31T22:00:00Z", null, 0)]
    [InlineData("2025-02-01T00:00:00Z", "2025-02-28T23:00:00Z", 0)]
    [InlineData("2025-02-01T00:00:00Z", "2025-02-28T23:00:01Z", 1)]
    [InlineData("2025-02-28T23:00:00Z", "2025-02-28T23:00:01Z", 1)]
    public void Any_Time_Counts_A_Seat_Held_At_Some_Instant_From_The_Start_Inclusive_To_The_End_Exclusive(string assigned, string? released, int count) =>
        Assert.Equal(count, Count(Assign("ana", assigned, released), StatePolicy.AnyTime).Count);

    [Theory]
    [InlineData("2025-03-10T00:00:00Z", "2025-03-31T22:00:00Z", 1)]
    [InlineData("2025-03-10T00:00:00Z", "2025-03-31T21:59:59Z", 0)]
    [InlineData("2025-03-31T22:00:00Z", null, 0)]
    [InlineData("2025-03-31T21:59:59.999999999Z", null, 1)]
    [InlineData("2024-12-01T00:00:00Z", null, 1)]
    public void Period_End_Counts_A_Seat_Held_After_Every_Fact_Before_The_End(string assigned, string? released, int count) =>
        Assert.Equal(count, Count(Assign("ana", assigned, released), StatePolicy.PeriodEnd).Count);

    [Fact]
    public void Period_End_Evidence_Is_The_Instant_Since_Which_The_State_Held_Or_The_Window_Start()
    {
        var scenario = Assign("ana", "2024-12-01T00:00:00Z", null);
        Assign(scenario, "bob", "2025-03-10T08:00:00Z", null);

        var evidence = Count(scenario, StatePolicy.PeriodEnd).Evidence;

        Assert.Equal(["2025-02-28T23:00:00Z", "2025-03-10T08:00:00Z"], evidence.Select(e => e.Qualifier.Text));
    }

    [Fact]
    public void Peak_Does_Not_Count_Together_A_Seat_Released_At_The_Instant_Another_Is_Assigned()
    {
        var scenario = Assign("ana", "2025-03-01T00:00:00Z", "2025-03-10T00:00:00Z");
        Assign(scenario, "bob", "2025-03-10T00:00:00Z", "2025-03-20T00:00:00Z");

        var tally = Count(scenario, StatePolicy.Peak);

        Assert.Equal(1, tally.Count);
        Assert.Equal("ana", Assert.Single(tally.Evidence).Unit.Value);
    }

    [Fact]
    public void Peak_Is_The_Most_Units_Holding_At_One_Instant_And_Lists_Them_At_Its_First_Instant()
    {
        var scenario = Assign("ana", "2025-03-01T00:00:00Z", "2025-03-10T00:00:00Z");
        Assign(scenario, "bob", "2025-03-05T00:00:00Z", "2025-03-20T00:00:00Z");
        Assign(scenario, "cy", "2025-03-15T00:00:00Z", null);
        Assign(scenario, "dee", "2025-03-25T00:00:00Z", null);

        var tally = Count(scenario, StatePolicy.Peak);

        Assert.Equal(2, tally.Count);
        Assert.Equal(["ana", "bob"], tally.Evidence.Select(e => e.Unit.Value));
        Assert.All(tally.Evidence, e => Assert.Equal("2025-03-05T00:00:00Z", e.Qualifier.Text));
    }

    [Fact]
    public void A_Unit_Without_Facts_Of_The_Family_Is_Not_A_Unit()
    {
        var scenario = new Scenario("Europe/Paris").Active("ana", "2025-03-03");

        Assert.Equal(0, Count(scenario, StatePolicy.AnyTime).Count);
    }

    private static Scenario Assign(string user, string assigned, string? released) => Assign(new Scenario("Europe/Paris"), user, assigned, released);

    private static Scenario Assign(Scenario scenario, string user, string assigned, string? released)
    {
        scenario.Fact(user, assigned, EventCatalog.SeatAssigned);
        if (released is not null)
        {
            scenario.Fact(user, released, EventCatalog.SeatReleased);
        }

        return scenario;
    }

    private static UnitTally Count(Scenario scenario, StatePolicy policy) =>
        DistinctStateMeasure.Count(Seat, policy, March, MeasureContext.Of([scenario.Tenant], scenario.Inputs()));
}
