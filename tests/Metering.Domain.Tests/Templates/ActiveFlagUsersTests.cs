using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>
/// Seed 003 (service provider): billed for Active users, shown by the Active flag; deactivating or deleting a user
/// stops billing from the next invoice; the customer must keep at least one active Administrator at all times and
/// should remove the Administrator role before deactivating a user.
/// </summary>
public class ActiveFlagUsersTests
{
    private const string March = "2025-03-01_2025-03-31";

    [Theory]
    [InlineData(null, null, null, 1)]
    [InlineData(false, null, null, 0)]
    [InlineData(false, EventCatalog.UserActivated, "2025-03-10T00:00:00Z", 1)]
    [InlineData(null, EventCatalog.UserDeactivated, "2025-03-20T00:00:00Z", 0)]
    [InlineData(null, EventCatalog.UserDeactivated, "2025-04-01T00:00:00Z", 1)]
    [InlineData(null, EventCatalog.UserDeleted, "2025-03-20T00:00:00Z", 0)]
    [InlineData(null, EventCatalog.UserSuspended, "2025-03-20T00:00:00Z", 1)]
    public void A_User_Is_Billed_When_The_Active_Flag_Is_On_At_The_End_Of_The_Month(bool? activeAtCreation, string? change, string? at, int billed)
    {
        var scenario = new Scenario().Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Active = activeAtCreation });
        if (change is not null)
        {
            scenario.Fact("ana", at!, change);
        }

        Assert.Equal(billed, Measure(scenario, March).Quantity);
    }

    [Fact]
    public void Deactivating_A_User_Who_Still_Holds_The_Administrator_Role_Is_An_Anomaly()
    {
        var scenario = Administrators()
            .Fact("ana", "2025-03-12T10:00:00Z", EventCatalog.UserDeactivated);

        var anomaly = Assert.Single(Measure(scenario, March).Anomalies);

        Assert.Equal(("administrator-deactivated", "2025-03-12T10:00:00Z"), (anomaly.Code, anomaly.At));
        Assert.Equal(["ana"], anomaly.Subjects.ToArray());
    }

    // "At all times": a deactivation at the window's first instant is the window's, one at the instant after its last
    // is the next window's, and each is reported once.
    [Theory]
    [InlineData("2025-02-28T23:59:59Z", "2025-02-01_2025-02-28")]
    [InlineData("2025-03-01T00:00:00Z", March)]
    [InlineData("2025-03-31T23:59:59Z", March)]
    [InlineData("2025-04-01T00:00:00Z", "2025-04-01_2025-04-30")]
    public void A_Deactivation_On_The_Windows_Edges_Is_Reported_In_The_Window_That_Holds_Its_Instant(string at, string window)
    {
        var scenario = Administrators().Fact("ana", at, EventCatalog.UserDeactivated);
        string[] months = ["2025-02-01_2025-02-28", March, "2025-04-01_2025-04-30"];

        var reported = months.Select(m => $"{m}: {string.Join(", ", Measure(scenario, m).Anomalies.Where(a => a.Code == "administrator-deactivated").Select(a => a.At))}");

        Assert.Equal(months.Select(m => $"{m}: {(m == window ? at : string.Empty)}"), reported);
    }

    [Fact]
    public void Removing_The_Role_Before_Deactivating_Is_Not_An_Anomaly_While_Another_Administrator_Remains()
    {
        var scenario = Administrators()
            .Fact("ana", "2025-03-12T09:00:00Z", EventCatalog.RoleRevoked, new EventData { Role = "administrator" })
            .Fact("ana", "2025-03-12T10:00:00Z", EventCatalog.UserDeactivated);

        Assert.Empty(Measure(scenario, March).Anomalies);
    }

    [Fact]
    public void A_Stretch_Without_Any_Active_Administrator_Is_An_Anomaly_With_Its_Instant_And_The_Last_Administrators()
    {
        var scenario = Administrators()
            .Fact("bob", "2025-03-05T00:00:00Z", EventCatalog.RoleRevoked, new EventData { Role = "administrator" })
            .Fact("ana", "2025-03-10T00:00:00Z", EventCatalog.RoleRevoked, new EventData { Role = "administrator" })
            .Fact("cy", "2025-03-12T00:00:00Z", EventCatalog.RoleGranted, new EventData { Role = "administrator" });

        var anomaly = Assert.Single(Measure(scenario, March).Anomalies);

        Assert.Equal(("no-active-administrator", "2025-03-10T00:00:00Z"), (anomaly.Code, anomaly.At));
        Assert.Equal(["ana"], anomaly.Subjects.ToArray());
        Assert.Contains("until 2025-03-12T00:00:00Z", anomaly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_The_Last_Administrator_Leaves_None_Through_The_End_Of_The_Window()
    {
        var scenario = Administrators()
            .Fact("bob", "2025-03-05T00:00:00Z", EventCatalog.UserDeleted)
            .Fact("ana", "2025-03-20T00:00:00Z", EventCatalog.UserDeleted);

        var anomaly = Assert.Single(Measure(scenario, March).Anomalies);

        Assert.Equal(("no-active-administrator", "2025-03-20T00:00:00Z"), (anomaly.Code, anomaly.At));
        Assert.Contains("through the end of the window", anomaly.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-02-20T00:00:00Z", "2025-03-05T00:00:00Z", 1)]
    [InlineData("2025-02-20T00:00:00Z", "2025-03-01T00:00:00Z", 0)]
    [InlineData("2025-03-31T23:59:59Z", "2025-04-02T00:00:00Z", 1)]
    [InlineData("2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z", 0)]
    public void A_Stretch_Without_Administrator_Is_Reported_In_Every_Window_It_Overlaps(string lost, string regained, int anomalies)
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator"] })
            .Fact("ana", lost, EventCatalog.RoleRevoked, new EventData { Role = "administrator" })
            .Fact("ana", regained, EventCatalog.RoleGranted, new EventData { Role = "administrator" });

        Assert.Equal(anomalies, Measure(scenario, March).Anomalies.Length);
    }

    [Fact]
    public void A_Tenant_That_Never_Had_An_Administrator_Is_Not_Reported()
    {
        var scenario = new Scenario().Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated);

        Assert.Empty(Measure(scenario, March).Anomalies);
    }

    [Fact]
    public void The_Administrator_Role_Is_A_Parameter()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["owner"] })
            .Fact("ana", "2025-03-12T10:00:00Z", EventCatalog.UserDeactivated);

        var measurement = scenario.Measure(TemplateNames.ActiveFlagUsers, "2025-01-01", "2025-12-31", March, TemplateParameters.None.With(TemplateParameterRules.AdministratorRole, "owner"));

        Assert.Equal(["administrator-deactivated", "no-active-administrator"], measurement.Anomalies.Select(a => a.Code));
    }

    /// <summary>Ana and Bob, both active administrators since January; Cy, an active user.</summary>
    private static Scenario Administrators() => new Scenario()
        .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator"] })
        .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator"] })
        .Fact("cy", "2025-01-05T00:00:00Z", EventCatalog.UserCreated);

    private static Measurement Measure(Scenario scenario, string window) =>
        scenario.Measure(TemplateNames.ActiveFlagUsers, "2025-01-01", "2025-12-31", window);
}
