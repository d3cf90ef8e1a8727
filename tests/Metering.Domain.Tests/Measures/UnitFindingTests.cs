using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Measures;

/// <summary>
/// <c>explain</c>: for each of the 19 templates, one unit its clause counts and one it does not, explained by the rule
/// code that measured the window. A finding says counted exactly when the unit has an evidence line, the reason names
/// the clause's own ground, and following units never changes the measurement.
/// </summary>
public class UnitFindingTests
{
    private const string March = "2025-03-01_2025-03-31";
    private const string Year2025 = "2025-01-01_2025-12-31";

    public static TheoryData<string> Templates() => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Per template: the scenario, its contract and window, and for a counted and an excluded unit the reason's telling words.</summary>
    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        // Seed 000: "End Users who are registered with the Service".
        [TemplateNames.RegisteredUsers] = new(
            () => new Scenario()
                .Fact("ana", "2025-02-01T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-02-01T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-03-20T00:00:00Z", EventCatalog.UserDeleted),
            s => s.Contract(TemplateNames.RegisteredUsers, "2025-01-01", "2025-12-31"), March,
            "ana", "held at the window's last instant",
            "bob", TraceCodes.StateNotHeld, "did not hold at the window's last instant"),
        [TemplateNames.ProvisionedAccounts] = new(
            () => new Scenario()
                .Fact("ana", "2025-03-02T00:00:00Z", EventCatalog.UserCreated, new EventData { AccountType = "person" })
                .Fact("box", "2025-03-02T00:00:00Z", EventCatalog.UserCreated, new EventData { AccountType = "service" }),
            s => s.Contract(TemplateNames.ProvisionedAccounts, "2025-01-01", "2025-12-31"), March,
            "ana", "peak instant",
            "box", TraceCodes.NotAtPeak, "'account type person' held during the window: from 2025-03-01 00:00:00 UTC to 2025-03-02 00:00:00 UTC"),
        [TemplateNames.ValidLogin] = new(
            () => new Scenario()
                .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.CredentialEnabled)
                .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.CredentialEnabled)
                .Fact("bob", "2025-03-15T00:00:00Z", EventCatalog.UserDeactivated),
            s => s.Contract(TemplateNames.ValidLogin, "2025-01-01", "2025-12-31"), March,
            "ana", "last instant",
            "bob", TraceCodes.StateNotHeld, "'not deactivated' held during the window: from 2025-03-01 00:00:00 UTC to 2025-03-15 00:00:00 UTC"),
        [TemplateNames.ConcurrentUsers] = new(
            () => new Scenario()
                .Session("ana", "2025-03-03T10:00:00Z", EventCatalog.SessionStarted, "s1")
                .Session("bob", "2025-03-03T10:10:00Z", EventCatalog.SessionStarted, "s2")
                .Session("cy", "2025-03-04T10:00:00Z", EventCatalog.SessionStarted, "s3"),
            s => s.Contract(TemplateNames.ConcurrentUsers, "2025-01-01", "2025-12-31"), March,
            "ana", "in session at the peak instant",
            "cy", TraceCodes.NotAtPeak, "not in session at the peak instant (2025-03-03 10:10:00 UTC)"),
        [TemplateNames.ProtectedEndpoints] = new(
            () => new Scenario("Asia/Beirut")
                .Fact("EP-1", "2025-03-10T00:00:00Z", EventCatalog.EndpointProtected)
                .Fact("EP-2", "2025-01-10T00:00:00Z", EventCatalog.EndpointProtected)
                .Fact("EP-2", "2025-02-28T22:00:00Z", EventCatalog.EndpointUnprotected),
            s => s.Contract(TemplateNames.ProtectedEndpoints, "2025-01-01", "2025-12-31"), March,
            "EP-1", "2025-03-10 02:00:00 Asia/Beirut",
            "EP-2", TraceCodes.StateNotHeld, "never held at any instant of the window"),
        [TemplateNames.AccessIdUsers] = new(
            () => new Scenario()
                .Fact("AID-1", "2025-03-02T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" })
                .Fact("AID-2", "2025-01-02T00:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "bob" })
                .Fact("AID-2", "2025-02-02T00:00:00Z", EventCatalog.AccessIdRevoked),
            s => s.Contract(TemplateNames.AccessIdUsers, "2025-01-01", "2025-12-31"), March,
            "AID-1", "assigned to 'ana'",
            "AID-2", TraceCodes.StateNotHeld, "never held"),
        [TemplateNames.AssignedSeats] = new(
            () => new Scenario()
                .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.SeatAssigned)
                .Fact("bob", "2025-03-02T00:00:00Z", EventCatalog.SeatAssigned)
                .Fact("bob", "2025-03-03T00:00:00Z", EventCatalog.SeatReleased)
                .Fact("cy", "2025-03-05T00:00:00Z", EventCatalog.SeatAssigned)
                .Fact("dee", "2025-03-06T00:00:00Z", EventCatalog.SeatAssigned),
            s => s.Contract(TemplateNames.AssignedSeats, "2025-01-01", "2025-12-31"), March,
            "ana", "peak instant",
            "bob", TraceCodes.NotAtPeak, "'seat assigned' held during the window: from 2025-03-02 00:00:00 UTC to 2025-03-03 00:00:00 UTC"),
        [TemplateNames.FlexibleSeats] = new(
            () => new Scenario()
                .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("ana", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "algebra" })
                .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-01-06T00:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "poetry" })
                .Fact("poetry", "2025-02-01T00:00:00Z", EventCatalog.CourseVisibility, new EventData { Visible = false }),
            s => s.Contract(TemplateNames.FlexibleSeats, "2025-01-01", "2025-12-31"), March,
            "ana", "held at some instant",
            "bob", TraceCodes.StateNotHeld, "'an active enrolment in a visible course' held during the window: never"),
        [TemplateNames.ActiveFlagUsers] = new(
            () => new Scenario()
                .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-01-05T00:00:00Z", EventCatalog.UserCreated)
                .Fact("bob", "2025-03-20T00:00:00Z", EventCatalog.UserDeactivated),
            s => s.Contract(TemplateNames.ActiveFlagUsers, "2025-01-01", "2025-12-31"), March,
            "ana", "last instant",
            "bob", TraceCodes.StateNotHeld, "'active flag on' held during the window: from 2025-03-01 00:00:00 UTC to 2025-03-20 00:00:00 UTC"),
        [TemplateNames.ActivatedUsers] = new(
            () => new Scenario("Europe/Paris")
                .Fact("ana", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
                .Fact("ana", "2025-01-10T09:00:00+01:00", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
                .Fact("ana", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1", Action = "launch" })
                .Fact("bob", "2025-01-05T09:00:00+01:00", EventCatalog.UserCreated)
                .Fact("bob", "2025-01-20T09:00:00+01:00", EventCatalog.ContentOpened, new EventData { ContentId = "book-1", Action = "launch" }),
            s => s.Contract(TemplateNames.ActivatedUsers, "2024-12-01", "2026-12-31", TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 15)), March,
            "ana", "month 3 of 15",
            "bob", TraceCodes.NotBilled, "never activated"),
        [TemplateNames.MonthlyActive] = new(
            () => new Scenario()
                .Active("ana", "2025-03-03", EventCatalog.UserActivity)
                .Active("bob", "2025-02-27", EventCatalog.UserActivity)
                .Active("bob", "2025-03-30", EventCatalog.SessionStarted),
            s => s.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31"), March,
            "ana", "qualified on 2025-03-03",
            "bob", TraceCodes.NotQualifying, "'session.started' is not an event type this rule counts"),
        [TemplateNames.UniqueLogins] = new(
            () => new Scenario()
                .Active("ana", "2025-09-01", EventCatalog.UserLogin)
                .Active("bob", "2025-10-02", EventCatalog.UserActivity),
            s => s.Contract(TemplateNames.UniqueLogins, "2025-09-01", "2027-08-31"), "2025-09-01_2026-08-31",
            "ana", "qualified on 2025-09-01",
            "bob", TraceCodes.NotQualifying, "'user.activity' is not an event type this rule counts (it counts user.login)"),
        [TemplateNames.TermLogins] = new(
            () => new Scenario()
                .Active("ana", "2024-06-10", EventCatalog.UserLogin)
                .Active("bob", "2024-06-09", EventCatalog.UserLogin),
            s => s.Contract(TemplateNames.TermLogins, "2024-06-10", "2027-06-09"), "2024-06-10_2027-06-09",
            "ana", "qualified on 2024-06-10",
            "bob", TraceCodes.OutsideWindow, "activity on 2024-06-09: a qualifying event, but on none of the days measured (2024-06-10 to 2027-06-09)"),
        [TemplateNames.ContractYearActive] = new(
            () => new Scenario()
                .Active("ana", "2024-02-29", EventCatalog.UserActivity)
                .Active("bob", "2025-02-28", EventCatalog.UserActivity),
            s => s.Contract(TemplateNames.ContractYearActive, "2024-02-29", "2026-02-27"), "2024-02-29_2025-02-27",
            "ana", "qualified on 2024-02-29",
            "bob", TraceCodes.OutsideWindow, "activity on 2025-02-28"),
        [TemplateNames.Rolling12Months] = new(
            () => new Scenario()
                .Active("ana", "2024-03-15", EventCatalog.UserActivity)
                .Active("bob", "2024-05-29", EventCatalog.SessionStarted),
            s => s.Contract(TemplateNames.Rolling12Months, "2023-01-01", "2025-12-31"), "2024-03-01_2025-02-28",
            "ana", "qualified on 2024-03-15",
            "bob", TraceCodes.NotQualifying, "'session.started' is not an event type this rule counts"),
        [TemplateNames.NinetyDayPeak] = new(
            () => new Scenario()
                .Active("ana", "2025-04-01", EventCatalog.AppLaunched)
                .Active("bob", "2025-04-02", EventCatalog.AppLaunched)
                .Active("cy", "2025-01-05", EventCatalog.AppLaunched),
            s => s.Contract(TemplateNames.NinetyDayPeak, "2025-01-01", "2025-12-31"), Year2025,
            "ana", "counted in period 2",
            "cy", TraceCodes.OtherSubWindow, "counted in period 1 (1 units), but the window bills only its highest sub-window, period 2 (2 units)"),
        [TemplateNames.MeetingHosts] = new(
            () => new Scenario()
                .Hosted("ana", "2025-03-03")
                .Hosted("bob", "2025-03-04", "app", scheduled: false, space: "one-on-one"),
            s => s.Contract(TemplateNames.MeetingHosts, "2025-01-01", "2025-12-31"), March,
            "ana", "qualified on 2025-03-03",
            "bob", TraceCodes.NotQualifying, "the rule excludes events with scheduled = false and space = one-on-one"),
        [TemplateNames.MeetingHostsPerDeployment] = new(
            () => new Scenario()
                .Hosted("ana", "2025-03-03", deployment: "on-premises")
                .Hosted("bob", "2025-03-04", "sip-device"),
            s => s.Contract(TemplateNames.MeetingHostsPerDeployment, "2025-01-01", "2025-12-31"), March,
            "ana", "qualified on 2025-03-03",
            "bob", TraceCodes.NotQualifying, "origin is 'sip-device', and the rule counts only origin in"),
        [TemplateNames.FlexTrueForward] = new(
            () => new Scenario()
                .Hosted("ana", "2025-02-03")
                .Hosted("bob", "2025-02-04", "app", scheduled: false, space: "one-on-one"),
            s => s.Contract(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000)), Year2025,
            "ana", "hosted in contract month 2",
            "bob", TraceCodes.NotQualifying, "in contract month 2 (2025-02-01 to 2025-02-28), 'meeting.hosted'"),
    };

    [Fact]
    public void Every_Template_Has_A_Case()
    {
        Assert.Equal(TemplateCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_Counted_Unit_Is_Explained_By_Its_Evidence(string template)
    {
        var @case = Cases[template];
        var (measurement, finding) = Explain(@case, @case.Counted);

        Assert.True(finding.Counted, finding.Reason);
        Assert.Contains(measurement.Evidence, l => l.Unit.Value == @case.Counted);
        Assert.StartsWith("counted: ", finding.Reason, StringComparison.Ordinal);
        Assert.Contains(@case.CountedWords, finding.Reason + " | " + string.Join(" | ", finding.Steps.Select(s => $"{s.Scope}: {s.Text}")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void An_Excluded_Unit_Is_Explained_By_The_Rule_That_Excluded_It(string template)
    {
        var @case = Cases[template];
        var (measurement, finding) = Explain(@case, @case.Excluded);

        Assert.False(finding.Counted, finding.Reason);
        Assert.DoesNotContain(measurement.Evidence, l => l.Unit.Value == @case.Excluded);
        Assert.StartsWith("not counted: ", finding.Reason, StringComparison.Ordinal);
        Assert.Contains(finding.Steps, s => s.Code == @case.ExcludedCode);
        Assert.Contains(@case.ExcludedWords, finding.Reason + " | " + ""  + string.Join(" | ", finding.Steps.Select(s => $"{s.Scope}: {s.Text}")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Following_Units_Changes_Nothing_Measured(string template)
    {
        var @case = Cases[template];
        var scenario = @case.Scenario();
        var contract = @case.Contract(scenario);
        var window = scenario.Window(contract, @case.Window);
        var trace = new UnitTrace([new Subject(@case.Counted), new Subject(@case.Excluded), new Subject("nobody")]);

        Assert.Equal(Scenario.Canonical(RuleEngine.Measure(contract, window, scenario.Inputs())), Scenario.Canonical(RuleEngine.Measure(contract, window, scenario.Inputs(), trace)));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_Unit_Of_Which_Nothing_Is_Stored_Is_Not_Counted_For_That_Reason(string template)
    {
        var @case = Cases[template];
        var (_, finding) = Explain(@case, "nobody");

        Assert.False(finding.Counted);
        Assert.Empty(finding.Steps);
        Assert.Matches("^not counted: no (activity|user facts|endpoint facts|access-ID facts|session events) of 'nobody' ", finding.Reason);
    }

    [Fact]
    public void An_Alias_Is_Not_Counted_Itself_But_For_The_User_That_Declared_It()
    {
        var scenario = new Scenario()
            .Fact("ana", "2025-01-05T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@old.example"] })
            .Active("ana@old.example", "2025-03-03", EventCatalog.UserActivity);
        var contract = scenario.Contract(TemplateNames.MonthlyActive, "2025-01-01", "2025-12-31", TemplateParameters.None.With(TemplateParameterRules.ResolveAliases, true));
        var window = scenario.Window(contract, March);
        var trace = new UnitTrace([new Subject("ana"), new Subject("ana@old.example")]);
        var measurement = RuleEngine.Measure(contract, window, scenario.Inputs(), trace);

        var alias = UnitFinding.Of(window, measurement, trace, new Subject("ana@old.example"));
        var user = UnitFinding.Of(window, measurement, trace, new Subject("ana"));

        Assert.Equal("not counted: 'ana@old.example' is an alias of 'ana': its activity counts for 'ana', never for the alias itself", alias.Reason);
        Assert.True(user.Counted);
        Assert.Contains("aliases merged: ana@old.example", user.Reason, StringComparison.Ordinal);
        Assert.Contains(user.Steps, s => s.Text.StartsWith("sent as its alias 'ana@old.example'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Flex_Host_Is_Explained_By_The_Year_The_Window_Bills_Not_By_The_Years_Before_It()
    {
        // Bob's only meeting is an excluded one in February 2025; the window bills 2026.
        var scenario = new Scenario().Hosted("ana", "2026-02-03").Hosted("bob", "2025-02-04", "app", scheduled: false, space: "one-on-one");
        var contract = scenario.Contract(TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000));
        var window = scenario.Window(contract, "2026-01-01_2026-12-31");
        var trace = new UnitTrace([new Subject("bob")]);

        var finding = UnitFinding.Of(window, RuleEngine.Measure(contract, window, scenario.Inputs(), trace), trace, new Subject("bob"));

        Assert.Empty(finding.Steps);
        Assert.StartsWith("not counted: no activity of 'bob' is stored on the days measured (2026-01-01 to 2026-12-31)", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_For_Many_Units_Equal_Findings_One_By_One()
    {
        var @case = Cases[TemplateNames.NinetyDayPeak];
        var scenario = @case.Scenario();
        var contract = @case.Contract(scenario);
        var window = scenario.Window(contract, @case.Window);
        var units = new[] { "ana", "bob", "cy", "nobody" }.Select(u => new Subject(u)).ToList();
        var trace = new UnitTrace(units);
        var measurement = RuleEngine.Measure(contract, window, scenario.Inputs(), trace);

        var all = UnitFinding.OfAll(window, measurement, trace);

        Assert.Equal(units.Count, all.Count);
        Assert.All(units, u => Assert.Equal(UnitFinding.Of(window, measurement, trace, u).Reason, all[u].Reason));
        Assert.All(units, u => Assert.Equal(UnitFinding.Of(window, measurement, trace, u).Counted, all[u].Counted));
    }

    private static (Measurement Measurement, UnitFinding Finding) Explain(Case @case, string unit)
    {
        var scenario = @case.Scenario();
        var contract = @case.Contract(scenario);
        var window = scenario.Window(contract, @case.Window);
        var trace = new UnitTrace([new Subject(unit)]);
        var measurement = RuleEngine.Measure(contract, window, scenario.Inputs(), trace);
        return (measurement, UnitFinding.Of(window, measurement, trace, new Subject(unit)));
    }

    private sealed record Case(
        Func<Scenario> Scenario,
        Func<Scenario, Contract> Contract,
        string Window,
        string Counted,
        string CountedWords,
        string Excluded,
        string ExcludedCode,
        string ExcludedWords);
}
