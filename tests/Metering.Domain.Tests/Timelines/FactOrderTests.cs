using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using Metering.Domain.Timelines;
using NodaTime;

namespace Metering.Domain.Tests.Timelines;

public class FactOrderTests
{
    [Theory]
    [InlineData(EventCatalog.UserCreated, EventCatalog.SeatAssigned)]
    [InlineData(EventCatalog.UserCreated, EventCatalog.UserDeleted)]
    [InlineData(EventCatalog.LicenseGranted, EventCatalog.ContentOpened)]
    [InlineData(EventCatalog.ContentOpened, EventCatalog.LicenseRevoked)]
    [InlineData(EventCatalog.RoleGranted, EventCatalog.UserDeactivated)]
    [InlineData(EventCatalog.EndpointProtected, EventCatalog.EndpointUnprotected)]
    [InlineData(EventCatalog.AccessIdAssigned, EventCatalog.AccessIdRevoked)]
    [InlineData(EventCatalog.SessionHeartbeat, EventCatalog.SessionEnded)]
    [InlineData(EventCatalog.SeatReleased, EventCatalog.UserDeleted)]
    public void At_The_Same_Instant_Creation_Comes_First_Then_Grants_Then_Observations_Then_Endings_Then_Deletion(string first, string second)
    {
        var at = Instant.FromUtc(2025, 3, 1, 0, 0);
        var a = Fact(second, at, 1);
        var b = Fact(first, at, 2);

        Assert.Equal([b, a], FactOrder.Sorted([a, b]));
    }

    [Fact]
    public void Time_Comes_Before_Precedence()
    {
        var deletion = Fact(EventCatalog.UserDeleted, Instant.FromUtc(2025, 3, 1, 0, 0), 1);
        var creation = Fact(EventCatalog.UserCreated, Instant.FromUtc(2025, 3, 1, 0, 1), 2);

        Assert.Equal([deletion, creation], FactOrder.Sorted([creation, deletion]));
    }

    [Fact]
    public void Facts_Of_Equal_Time_And_Precedence_Are_Ordered_By_Event_Key()
    {
        var at = Instant.FromUtc(2025, 3, 1, 0, 0);
        var high = Fact(EventCatalog.RoleGranted, at, 9);
        var low = Fact(EventCatalog.SeatAssigned, at, 3);

        Assert.Equal([low, high], FactOrder.Sorted([high, low]));
    }

    private static Fact Fact(string type, Instant at, int key) =>
        new(TenantId.Parse("acme"), EventCatalog.Get(type).Family ?? FactFamily.User, new Subject("u"), at, type, new EventKey((UInt128)key), EventData.None);
}
