using Metering.Domain.Events;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>Seed 000: "Customer's Users with active assigned Seats"; the concurrent number may not exceed the purchased seats, so the month's figure is its peak.</summary>
public class AssignedSeatsTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData("2025-03-10T00:00:00Z", "2025-03-10T00:00:00Z", 1)]
    [InlineData("2025-03-10T00:00:00Z", "2025-03-09T23:59:59Z", 2)]
    [InlineData("2025-03-10T00:00:00Z", "2025-04-01T00:00:00Z", 1)]
    public void A_Seat_Released_When_Another_Is_Assigned_Is_Not_Counted_With_It(string released, string assigned, int peak)
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.SeatAssigned)
            .Fact("ana", released, EventCatalog.SeatReleased)
            .Fact("bob", assigned, EventCatalog.SeatAssigned);

        Assert.Equal(peak, scenario.Measure(TemplateNames.AssignedSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void A_Seat_Assigned_To_A_User_Whose_Creation_Never_Arrived_Counts()
    {
        var scenario = new Scenario().Fact("ghost", "2025-03-05T00:00:00Z", EventCatalog.SeatAssigned);

        Assert.Equal(1, scenario.Measure(TemplateNames.AssignedSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }

    [Fact]
    public void Deleting_A_User_Releases_Their_Seat()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.SeatAssigned)
            .Fact("ana", "2025-02-10T00:00:00Z", EventCatalog.UserDeleted);

        Assert.Equal(0, scenario.Measure(TemplateNames.AssignedSeats, "2025-01-01", "2025-12-31", March).Quantity);
    }
}
