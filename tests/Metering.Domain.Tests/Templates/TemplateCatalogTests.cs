using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;
using NodaTime;

namespace Metering.Domain.Tests.Templates;

public class TemplateCatalogTests
{
    public static TheoryData<string> Names => [.. TemplateNames.All];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_Template_Evaluates_Every_Window_Of_A_Contract(string template)
    {
        var scenario = Everything();
        var contract = scenario.Contract(template, "2025-01-01", "2026-12-31", TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 15).With(TemplateParameterRules.KnowledgeWorkers, 1000));

        var windows = scenario.Windows(contract);

        Assert.NotEmpty(windows);
        foreach (var window in windows)
        {
            var measurement = RuleEngine.Measure(contract, window, scenario.InputsFor(window));
            Assert.True(measurement.Quantity >= 0);
            Assert.Equal(measurement.Quantity, measurement.Figures[0].Value);
            Assert.NotEmpty(measurement.Policies);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_Template_Counts_Something_In_A_History_That_Has_Everything(string template)
    {
        var scenario = Everything();
        var contract = scenario.Contract(template, "2025-01-01", "2026-12-31", TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 15).With(TemplateParameterRules.KnowledgeWorkers, 300));

        var total = scenario.Windows(contract).Sum(w => RuleEngine.Measure(contract, w, scenario.InputsFor(w)).Quantity);

        Assert.True(total > 0, $"{template} counted nothing.");
    }

    [Fact]
    public void There_Are_Nineteen_Distinct_Templates() =>
        Assert.Equal(19, TemplateNames.All.Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void A_Generic_Version_Is_Measured_By_The_Rule_It_States()
    {
        var editors = new RuleSpec(
            null,
            new StatePredicateSpec(FactFamily.User, [new StateCondition(StateAtom.Exists), new StateCondition(StateAtom.HasRole, "editor")]),
            WindowScheme.CalendarMonth,
            new MeasureSpec(MeasureKind.DistinctState, StatePolicy.AnyTime));
        var scenario = new Scenario()
            .Fact("ana", "2025-03-01T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["editor"] })
            .Fact("bob", "2025-03-01T00:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["viewer"] });

        var measurement = scenario.Measure(scenario.Generic(editors, "2025-01-01", "2025-12-31"), "2025-03-01_2025-03-31");

        Assert.Equal(["ana"], Scenario.Units(measurement).ToArray());
        Assert.Contains(measurement.Policies, p => p.Contains("holds the role 'editor'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Generic_Rule_Can_Take_The_Highest_Month_Of_A_Contract_Year()
    {
        var rule = new RuleSpec(
            new MeterSpec([EventCatalog.UserLogin], [], [], UnitDimension.Subject, false),
            null,
            WindowScheme.ContractYear,
            new MeasureSpec(MeasureKind.MaxOfWindows, Inner: MeasureKind.DistinctActive));
        var scenario = new Scenario().Active("ana", "2025-02-03").Active("bob", "2025-02-04").Active("cy", "2025-07-04");

        var measurement = scenario.Measure(scenario.Generic(rule, "2025-01-15", "2026-01-14"), "2025-01-15_2026-01-14");

        Assert.Equal(2, measurement.Quantity);
        Assert.Equal(12, measurement.SubWindows.Length);
        Assert.Equal("2025-01-15_2025-02-14", measurement.SubWindows[0].Id);
    }

    [Theory]
    [InlineData("flexible-seats", true)]
    [InlineData("activated-users", true)]
    [InlineData("Flexible-Seats", false)]
    [InlineData("generic", false)]
    public void A_Template_Name_Is_One_Of_The_Nineteen_Exactly(string name, bool isTemplate) =>
        Assert.Equal(isTemplate, TemplateCatalog.IsTemplate(name));

    [Fact]
    public void A_Generic_Version_Without_A_Rule_Is_Rejected()
    {
        var version = new ContractVersion(1, new LocalDate(2025, 1, 1), ContractVersion.Generic, TemplateParameters.None, null, CommercialTerms.None);

        Assert.Throws<ArgumentException>(() => TemplateCatalog.RuleOf(version));
    }

    [Theory]
    [InlineData("monthly_active")]
    [InlineData("Monthly-Active")]
    [InlineData("")]
    public void A_Name_Outside_The_Catalog_Is_Rejected(string name) =>
        Assert.Throws<ArgumentException>(() => TemplateCatalog.RuleOf(name, TemplateParameters.None));

    [Fact]
    public void Parameters_Out_Of_Range_Are_Rejected()
    {
        Assert.Throws<ArgumentException>(() => TemplateCatalog.RuleOf(TemplateNames.Rolling12Months, TemplateParameters.None.With(TemplateParameterRules.Months, 0)));
        Assert.Throws<ArgumentException>(() => TemplateCatalog.RuleOf(TemplateNames.ConcurrentUsers, TemplateParameters.None.With(TemplateParameterRules.IdleTimeoutMinutes, -5)));
        Assert.Throws<ArgumentException>(() => TemplateCatalog.RuleOf(TemplateNames.ActivatedUsers, TemplateParameters.None.With(TemplateParameterRules.BillingMonths, 0)));
    }

    [Fact]
    public void State_Templates_Count_Units_Of_The_Right_Family()
    {
        Assert.Equal(FactFamily.Endpoint, TemplateCatalog.RuleOf(TemplateNames.ProtectedEndpoints, TemplateParameters.None).State!.Family);
        Assert.Equal(FactFamily.AccessId, TemplateCatalog.RuleOf(TemplateNames.AccessIdUsers, TemplateParameters.None).State!.Family);
        Assert.Equal(
            ImmutableArray.Create(StateAtom.Exists, StateAtom.NotSuspended, StateAtom.NotDeactivated, StateAtom.EnrolledInVisibleCourse),
            TemplateCatalog.RuleOf(TemplateNames.FlexibleSeats, TemplateParameters.None).State!.AllOf.Select(c => c.Atom).ToImmutableArray(),
            (a, b) => a.SequenceEqual(b));
    }

    /// <summary>One user doing everything a template can count, every month of 2025.</summary>
    private static Scenario Everything()
    {
        var scenario = new Scenario("Europe/Paris")
            .Fact("ana", "2025-01-01T08:00:00Z", EventCatalog.UserCreated, new EventData { Roles = ["administrator"] })
            .Fact("ana", "2025-01-01T08:00:00Z", EventCatalog.SeatAssigned)
            .Fact("ana", "2025-01-01T08:00:00Z", EventCatalog.CredentialEnabled)
            .Fact("ana", "2025-01-01T08:00:00Z", EventCatalog.LicenseGranted, new EventData { LicenseId = "l1", ContentId = "book-1" })
            .Fact("ana", "2025-01-01T08:00:00Z", EventCatalog.EnrollmentCreated, new EventData { CourseId = "c1" })
            .Fact("ana", "2025-01-02T08:00:00Z", EventCatalog.ContentOpened, new EventData { ContentId = "book-1" })
            .Fact("EP-1", "2025-01-01T08:00:00Z", EventCatalog.EndpointProtected)
            .Fact("AID-1", "2025-01-01T08:00:00Z", EventCatalog.AccessIdAssigned, new EventData { UserId = "ana" })
            .Session("ana", "2025-01-03T08:00:00Z", EventCatalog.SessionStarted, "s1");
        for (var month = 1; month <= 12; month++)
        {
            var day = new LocalDate(2025, month, 2).ToString("yyyy-MM-dd", null);
            scenario.Active("ana", day, EventCatalog.UserLogin).Active("ana", day, EventCatalog.AppLaunched).Hosted("ana", day);
        }

        return scenario;
    }
}
