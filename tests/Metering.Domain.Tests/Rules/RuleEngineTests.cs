using CsCheck;
using Metering.Domain.Activity;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Rules;

public class RuleEngineTests
{
    private static readonly string[] Users = ["ana", "bob", "ana@example.com", "Zoë / #1?\\%", "u 5"];

    private static readonly string[] UserFactTypes =
    [
        EventCatalog.UserCreated, EventCatalog.UserUpdated, EventCatalog.UserActivated, EventCatalog.UserDeactivated,
        EventCatalog.UserSuspended, EventCatalog.UserUnsuspended, EventCatalog.UserDeleted, EventCatalog.RoleGranted,
        EventCatalog.RoleRevoked, EventCatalog.SeatAssigned, EventCatalog.SeatReleased, EventCatalog.CredentialEnabled,
        EventCatalog.CredentialDisabled, EventCatalog.LicenseGranted, EventCatalog.LicenseRevoked, EventCatalog.LicenseExpired,
        EventCatalog.EnrollmentCreated, EventCatalog.EnrollmentSuspended, EventCatalog.EnrollmentResumed, EventCatalog.EnrollmentDeleted,
        EventCatalog.ContentOpened,
    ];

    private static readonly string[] OtherFactTypes =
    [
        EventCatalog.EndpointProtected, EventCatalog.EndpointUnprotected, EventCatalog.AccessIdAssigned, EventCatalog.AccessIdRevoked,
        EventCatalog.CourseVisibility, EventCatalog.OrgHeadcount,
    ];

    private static readonly string[] SessionTypes = [EventCatalog.SessionStarted, EventCatalog.SessionHeartbeat, EventCatalog.SessionEnded];

    private static readonly string[] ActivityTypes =
        [EventCatalog.UserLogin, EventCatalog.UserActivity, EventCatalog.AppLaunched, EventCatalog.ProfileUpdated, EventCatalog.MeetingHosted, EventCatalog.ContentOpened];

    private static readonly string[] Origins = ["meetings", "app", "pstn", "sip"];

    private static readonly Instant Origin = Instant.FromUtc(2025, 1, 1, 0, 0);

    /// <summary>Histories of five users over four months: facts on the hour (so that several share an instant), sessions, activity.</summary>
    private static readonly Gen<Scenario> Histories =
        Gen.Select(
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, UserFactTypes.Length - 1], Gen.Int[0, 2880], Gen.Int[0, 3]).Array[0, 40],
            Gen.Select(Gen.Int[0, 1], Gen.Int[0, OtherFactTypes.Length - 1], Gen.Int[0, 2880], Gen.Int[0, 3]).Array[0, 12],
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, SessionTypes.Length - 1], Gen.Int[0, 2880 * 6], Gen.Int[0, 3]).Array[0, 20],
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, ActivityTypes.Length - 1], Gen.Int[0, 119], Gen.Int[0, 3]).Array[0, 40])
        .Select(Build);

    private static readonly IReadOnlyList<Contract> Contracts = ContractsOfEveryTemplate();

    [Fact]
    public void Shuffling_Or_Duplicating_Facts_Sessions_And_Presence_Never_Changes_A_Measurement()
    {
        Gen.Select(Histories, Gen.Int).Sample((scenario, seed) =>
        {
            var random = new Random(seed);
            var shuffled = Scenario.Fill(Reorder(scenario.Presence, random), Reorder(scenario.Facts, random), Reorder(scenario.Sessions, random));
            var original = scenario.Inputs();
            foreach (var (contract, window) in Windows(scenario))
            {
                Assert.Equal(Scenario.Canonical(RuleEngine.Measure(contract, window, original)), Scenario.Canonical(RuleEngine.Measure(contract, window, shuffled)));
            }
        }, iter: 40);
    }

    [Fact]
    public void A_Contracts_Measurement_Does_Not_Depend_On_The_Contracts_Measured_Before_It()
    {
        Histories.Sample(scenario =>
        {
            var inputs = scenario.Inputs();
            var windows = Windows(scenario).ToList();
            var forwards = windows.Select(w => Scenario.Canonical(RuleEngine.Measure(w.Contract, w.Window, inputs))).ToList();
            var backwards = windows.AsEnumerable().Reverse().Select(w => Scenario.Canonical(RuleEngine.Measure(w.Contract, w.Window, inputs))).Reverse().ToList();

            Assert.Equal(forwards, backwards);
        }, iter: 20);
    }

    [Fact]
    public void Reading_Only_What_A_Window_Needs_Gives_The_Same_Measurement_As_Reading_Everything()
    {
        Histories.Sample(scenario =>
        {
            var everything = scenario.Inputs();
            foreach (var (contract, window) in Windows(scenario))
            {
                Assert.Equal(Scenario.Canonical(RuleEngine.Measure(contract, window, everything)), Scenario.Canonical(RuleEngine.Measure(contract, window, scenario.InputsFor(window))));
            }
        }, iter: 40);
    }

    [Fact]
    public void Every_Measurement_Has_One_Evidence_Line_Per_Counted_Unit_And_Sorted_Lists()
    {
        Histories.Sample(scenario =>
        {
            var inputs = scenario.Inputs();
            foreach (var (contract, window) in Windows(scenario))
            {
                var measurement = RuleEngine.Measure(contract, window, inputs);
                var template = window.Version.Template;

                Assert.Equal(measurement.Quantity, measurement.Figures[0].Value);
                if (template != TemplateNames.FlexTrueForward)
                {
                    Assert.Equal(measurement.Quantity, measurement.Evidence.Length);
                }

                var keys = measurement.Evidence.Select(e => $"{e.Tenant}\u0001{e.Unit}\u0001{e.Dimension}\u0001{e.Qualifier}").ToList();
                Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
                Assert.NotEmpty(measurement.Policies);
            }
        }, iter: 20);
    }

    [Fact]
    public void Units_Of_A_Tenant_The_Contract_Does_Not_Cover_Never_Count()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.UserCreated, tenant: "other")
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.SeatAssigned, tenant: "other")
            .Active("ana", "2025-03-02", tenant: "other");

        foreach (var template in new[] { TemplateNames.RegisteredUsers, TemplateNames.AssignedSeats, TemplateNames.MonthlyActive })
        {
            Assert.Equal(0, scenario.Measure(template, "2025-01-01", "2025-12-31", "2025-03-01_2025-03-31").Quantity);
        }
    }

    [Fact]
    public void A_Window_Whose_Version_Is_Not_The_Contracts_Is_Rejected()
    {
        var scenario = new Scenario();
        var contract = scenario.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31");
        var window = scenario.Windows(contract)[0] with { Version = contract.Versions[0] with { Number = 7 } };

        Assert.Throws<ArgumentException>(() => RuleEngine.Measure(contract, window, scenario.Inputs()));
    }

    [Fact]
    public void Measuring_Twice_Gives_Equal_Text()
    {
        var scenario = new Scenario().Active("ana", "2025-03-02").Active("bob", "2025-03-03");
        var contract = scenario.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31");
        var window = scenario.Window(contract, "2025-03-01_2025-03-31");
        var inputs = scenario.Inputs();

        Assert.Equal(Scenario.Canonical(RuleEngine.Measure(contract, window, inputs)), Scenario.Canonical(RuleEngine.Measure(contract, window, inputs)));
    }

    private static IEnumerable<(Contract Contract, ScheduledWindow Window)> Windows(Scenario scenario) =>
        Contracts.SelectMany(c => scenario.Windows(c).Where(w => w.Window.Days.Start < new LocalDate(2025, 5, 1)).Select(w => (c, w)));

    private static List<T> Reorder<T>(IReadOnlyList<T> items, Random random)
    {
        var result = items.Concat(items.Where(_ => random.Next(3) == 0)).ToArray();
        random.Shuffle(result);
        return [.. result];
    }

    private static IReadOnlyList<Contract> ContractsOfEveryTemplate()
    {
        var scenario = new Scenario("Europe/Paris");
        var parameters = TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 3).With(TemplateParameterRules.KnowledgeWorkers, 1000).With(TemplateParameterRules.Months, 3);
        return [.. TemplateNames.All.Select(t => scenario.Contract(t, "2025-01-01", "2026-12-31", parameters))];
    }

    private static Scenario Build(
        (int User, int Type, int Hour, int Variant)[] userFacts,
        (int Unit, int Type, int Hour, int Variant)[] otherFacts,
        (int User, int Type, int Minute, int Variant)[] sessions,
        (int User, int Type, int Day, int Variant)[] activity)
    {
        var scenario = new Scenario("Europe/Paris");
        foreach (var (user, type, hour, variant) in userFacts)
        {
            var at = Origin + Duration.FromHours(hour);
            scenario.Fact(Users[user], at, UserFactTypes[type], UserData(UserFactTypes[type], variant, at));
        }

        foreach (var (unit, type, hour, variant) in otherFacts)
        {
            var kind = OtherFactTypes[type];
            var (subject, data) = kind switch
            {
                EventCatalog.AccessIdAssigned or EventCatalog.AccessIdRevoked => ($"AID-{unit}", new EventData { UserId = Users[variant] }),
                EventCatalog.CourseVisibility => ($"c{unit}", new EventData { Visible = variant % 2 == 0 }),
                EventCatalog.OrgHeadcount => ($"org-{unit}", new EventData { DeployedKnowledgeWorkers = 300 + (400 * variant) }),
                _ => ($"EP-{unit}", EventData.None),
            };
            scenario.Fact(subject, Origin + Duration.FromHours(hour), kind, data);
        }

        foreach (var (user, type, minute, variant) in sessions)
        {
            scenario.Fact(Users[user], Origin + Duration.FromMinutes(minute * 10), SessionTypes[type], new EventData { SessionId = $"s{variant % 2}" });
        }

        foreach (var (user, type, day, variant) in activity)
        {
            var kind = ActivityTypes[type];
            var data = kind == EventCatalog.MeetingHosted
                ? new EventData { Origin = Origins[variant], Scheduled = variant % 2 == 0, Space = variant < 2 ? "one-on-one" : "group", Deployment = variant % 2 == 0 ? "cloud" : "on-premises" }
                : new EventData { Deployment = variant == 3 ? "on-premises" : null };
            scenario.Active(Users[user], new LocalDate(2025, 1, 1).PlusDays(day).ToString("yyyy-MM-dd", null), kind, data);
        }

        return scenario;
    }

    private static EventData UserData(string type, int variant, Instant at) => type switch
    {
        EventCatalog.UserCreated or EventCatalog.UserUpdated => new EventData
        {
            AccountType = variant == 3 ? "functional" : null,
            Active = variant == 2 ? false : null,
            Roles = variant % 2 == 0 ? ["administrator"] : null,
            Aliases = variant == 1 ? ["ana@example.com"] : null,
        },
        EventCatalog.RoleGranted or EventCatalog.RoleRevoked => new EventData { Role = variant % 2 == 0 ? "administrator" : "editor" },
        EventCatalog.LicenseGranted => new EventData { LicenseId = $"l{variant % 2}", ContentId = $"book{variant % 2}", ExpiresAt = variant == 3 ? at + Duration.FromDays(10) : null },
        EventCatalog.LicenseRevoked or EventCatalog.LicenseExpired => new EventData { LicenseId = $"l{variant % 2}" },
        EventCatalog.ContentOpened => new EventData { ContentId = $"book{variant % 2}" },
        _ => new EventData { CourseId = $"c{variant % 2}" },
    };
}
