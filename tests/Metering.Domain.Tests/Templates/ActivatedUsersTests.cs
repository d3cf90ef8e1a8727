using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Templates;

/// <summary>
/// Seed 002 (Kitaboo): an Activated User holds an active licence for at least one eBook and has launched or
/// downloaded a licensed eBook; billing runs for the agreed months from the month of first access, stops from the
/// next month when the licences end or the user is deactivated or deleted, and restarts with a new period when a
/// deleted user is re-created.
/// </summary>
public class ActivatedUsersTests
{
    private static readonly TemplateParameters FifteenMonths = TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 15);

    [Theory]
    [InlineData("2024-12-01_2024-12-31", 0, null)]
    [InlineData("2025-01-01_2025-01-31", 1, "month 1 of 15")]
    [InlineData("2025-02-01_2025-02-28", 1, "month 2 of 15")]
    [InlineData("2026-03-01_2026-03-31", 1, "month 15 of 15")]
    [InlineData("2026-04-01_2026-04-30", 0, null)]
    public void Billing_Runs_Fifteen_Months_From_The_Month_Of_First_Access_To_A_Licensed_Book(string window, int billed, string? month)
    {
        var measurement = Measure(Reader(), window);

        Assert.Equal(billed, measurement.Quantity);
        if (month is not null)
        {
            Assert.EndsWith(month, Assert.Single(measurement.Evidence).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Opening_A_Book_The_User_Holds_No_Licence_For_Does_Not_Activate()
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-2" })
            .Fact("ana", "2025-02-03T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(0, Measure(scenario, "2025-01-01_2025-01-31").Quantity);
        Assert.EndsWith("month 1 of 15", Assert.Single(Measure(scenario, "2025-02-01_2025-02-28").Evidence).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-04-01_2025-04-30", 1)]
    [InlineData("2025-05-01_2025-05-31", 0)]
    [InlineData("2025-06-01_2025-06-30", 0)]
    [InlineData("2025-07-01_2025-07-31", 1)]
    public void A_Deactivated_User_Is_Not_Billed_From_The_Next_Month_And_Reactivation_Resumes_The_Same_Run(string window, int billed)
    {
        var scenario = Reader()
            .Fact("ana", "2025-04-15T10:00:00+02:00", EventCatalog.UserDeactivated)
            .Fact("ana", "2025-07-03T10:00:00+02:00", EventCatalog.UserActivated);

        var measurement = Measure(scenario, window);

        Assert.Equal(billed, measurement.Quantity);
        Assert.All(measurement.Evidence, e => Assert.Contains("billing run from 2025-01", e.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2025-05-01_2025-05-31", 1)]
    [InlineData("2025-06-01_2025-06-30", 0)]
    public void When_The_Last_Licence_Expires_The_User_Is_Not_Billed_From_The_Next_Month(string window, int billed)
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1", ExpiresAt = Scenario.Utc("2025-05-31T22:00:00Z") })
            .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(billed, Measure(scenario, window).Quantity);
    }

    [Theory]
    [InlineData("2025-04-01_2025-04-30", "billing run from 2025-01 (activated 2025-01-20T08:00:00Z): month 4 of 15")]
    [InlineData("2025-05-01_2025-05-31", null)]
    [InlineData("2025-06-01_2025-06-30", "billing run from 2025-06 (activated 2025-06-05T07:00:00Z): month 1 of 15")]
    [InlineData("2026-08-01_2026-08-31", "billing run from 2025-06 (activated 2025-06-05T07:00:00Z): month 15 of 15")]
    public void A_Deleted_User_Created_Again_Starts_A_New_Run_At_Its_Next_Activation(string window, string? detail)
    {
        var scenario = Reader()
            .Fact("ana", "2025-04-10T09:00:00+02:00", EventCatalog.UserDeleted)
            .Fact("ana", "2025-06-01T09:00:00+02:00", EventCatalog.UserCreated)
            .Fact("ana", "2025-06-01T09:00:00+02:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l2", ContentId = "book-9" })
            .Fact("ana", "2025-06-05T09:00:00+02:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-9" });

        var measurement = Measure(scenario, window);

        Assert.Equal(detail, measurement.Evidence.SingleOrDefault()?.Detail);
    }

    [Fact]
    public void A_Run_Once_Over_Does_Not_Restart_In_The_Same_Incarnation()
    {
        var scenario = Reader().Fact("ana", "2026-04-10T09:00:00+02:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(0, Measure(scenario, "2026-04-01_2026-04-30").Quantity);
    }

    [Fact]
    public void Opening_A_Book_While_Deactivated_Does_Not_Activate()
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated, new EventData { Active = false })
            .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" })
            .Fact("ana", "2025-03-01T09:00:00+01:00", EventCatalog.UserActivated)
            .Fact("ana", "2025-03-02T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(0, Measure(scenario, "2025-02-01_2025-02-28").Quantity);
        Assert.EndsWith("month 1 of 15", Assert.Single(Measure(scenario, "2025-03-01_2025-03-31").Evidence).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Activation_Late_On_The_Last_Local_Day_Of_A_Month_Starts_The_Run_In_That_Month()
    {
        // 23:30 on 31 January in Paris is 22:30Z: the run starts in January and its fifteenth month is March 2026.
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
            .Fact("ana", "2025-01-31T23:30:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-01-31T23:30:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(1, Measure(scenario, "2025-01-01_2025-01-31").Quantity);
        Assert.Equal(1, Measure(scenario, "2026-03-01_2026-03-31").Quantity);
        Assert.Equal(0, Measure(scenario, "2026-04-01_2026-04-30").Quantity);
    }

    [Fact]
    public void A_User_Whose_Creation_Never_Arrived_Is_Never_Activated()
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" });

        Assert.Equal(0, Measure(scenario, "2025-01-01_2025-01-31").Quantity);
    }

    [Fact]
    public void Billing_Months_Is_Required()
    {
        var scenario = new Scenario();

        Assert.Throws<ArgumentException>(() => scenario.Windows(scenario.Contract(TemplateNames.ActivatedUsers, "2025-01-01", "2025-12-31")));
    }

    /// <summary>Ana: created on 5 January 2025, licensed for book-1 on the 10th, opens it on the 20th (Paris).</summary>
    private static Scenario Reader() => new Scenario("Europe/Paris")
        .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
        .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
        .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1", Action = "launch" });

    private static Measurement Measure(Scenario scenario, string window) =>
        scenario.Measure(TemplateNames.ActivatedUsers, "2024-12-01", "2026-12-31", window, FifteenMonths);
}
