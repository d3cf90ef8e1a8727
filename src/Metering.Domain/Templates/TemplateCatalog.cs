using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// The nineteen templates of SPEC section 5 as presets of the generic rule: each name and its parameters give one
/// <see cref="RuleSpec"/>. Activity meters resolve aliases unless the contract sets <c>ResolveAliases</c> to false
/// (SPEC 3: an event whose subject is a known alias counts for its owner). Two templates add to the generic
/// evaluation: <c>flex-true-forward</c> (the AU minimum of SPEC 5.1, over the rule's monthly averages) and
/// <c>active-flag-users</c> (the administrator invariant of SPEC 5.3). docs/rules.md states every template.
/// </summary>
public static class TemplateCatalog
{
    /// <summary>The meeting origins that count when a contract names none (SPEC 5: meetings, app, pstn).</summary>
    public static ImmutableArray<string> DefaultOrigins { get; } = ["app", "meetings", "pstn"];

    /// <summary>The administrator role of <c>active-flag-users</c> when the contract names none.</summary>
    public const string DefaultAdministratorRole = "administrator";

    /// <summary>Months in a <c>rolling-12-months</c> window when the contract says nothing.</summary>
    public const int DefaultRollingMonths = 12;

    /// <summary>Idle minutes after which a session is over when the contract says nothing (SPEC 4).</summary>
    public const int DefaultIdleTimeoutMinutes = 30;

    /// <summary>Whether <paramref name="template"/> is one of <see cref="TemplateNames.All"/> (exact, case-sensitive; <c>generic</c> is not a template).</summary>
    public static bool IsTemplate(string template) => TemplateNames.All.Contains(template, StringComparer.Ordinal);

    /// <summary>The rule of a contract version: its template's preset, or, for <c>generic</c>, the rule it states.</summary>
    public static RuleSpec RuleOf(ContractVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Template == ContractVersion.Generic
            ? version.Rule ?? throw new ArgumentException($"Version {version.Number} is generic but states no rule.", nameof(version))
            : RuleOf(version.Template, version.Parameters);
    }

    /// <summary>The rule a template stands for with these parameters; null parameters take the template's defaults.</summary>
    /// <exception cref="ArgumentException">The name is not a template, or a parameter is out of range.</exception>
    public static RuleSpec RuleOf(string template, TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        var monthly = WindowScheme.CalendarMonth;
        return template switch
        {
            TemplateNames.MonthlyActive => Active(ActivityMeter(parameters.Types ?? AllActivityTypes(), parameters), monthly),
            TemplateNames.ContractYearActive => Active(ActivityMeter(parameters.Types ?? AllActivityTypes(), parameters), WindowScheme.ContractYear),
            TemplateNames.ProvisionedAccounts => State([new(StateAtom.Exists), new(StateAtom.PersonAccount)], StatePolicy.Peak),
            TemplateNames.AssignedSeats => State([new(StateAtom.SeatAssigned)], StatePolicy.Peak),
            TemplateNames.ValidLogin => State([new(StateAtom.CredentialEnabled), new(StateAtom.NotDeactivated), new(StateAtom.NotDeleted)], StatePolicy.PeriodEnd),
            TemplateNames.RegisteredUsers => State([new(StateAtom.Exists)], StatePolicy.PeriodEnd),
            TemplateNames.ConcurrentUsers => new RuleSpec(null, null, monthly, new MeasureSpec(MeasureKind.PeakConcurrent, IdleTimeout: IdleTimeout(parameters))),
            TemplateNames.Rolling12Months => Active(ActivityMeter(parameters.Types ?? AllActivityTypes(), parameters), WindowScheme.Rolling(Positive(parameters.Months ?? DefaultRollingMonths, "Months"))),
            TemplateNames.ProtectedEndpoints => State(FactFamily.Endpoint, [new(StateAtom.EndpointProtected)], StatePolicy.AnyTime),
            TemplateNames.TermLogins => Active(ActivityMeter([EventCatalog.UserLogin], parameters), WindowScheme.Term),
            TemplateNames.UniqueLogins => Active(ActivityMeter([EventCatalog.UserLogin], parameters), WindowScheme.ContractYear),
            TemplateNames.MeetingHosts => Active(MeetingHostsMeter(parameters, UnitDimension.Subject), monthly),
            TemplateNames.MeetingHostsPerDeployment => Active(MeetingHostsMeter(parameters, UnitDimension.SubjectAndDeployment), monthly),
            TemplateNames.FlexTrueForward => new RuleSpec(
                MeetingHostsMeter(parameters, UnitDimension.Subject), null, WindowScheme.ContractYear,
                new MeasureSpec(MeasureKind.AverageOfMonths, Inner: MeasureKind.DistinctActive)),
            TemplateNames.AccessIdUsers => State(FactFamily.AccessId, [new(StateAtom.AccessIdAssigned)], StatePolicy.AnyTime),
            TemplateNames.NinetyDayPeak => new RuleSpec(
                ActivityMeter([EventCatalog.AppLaunched], parameters), null, WindowScheme.NinetyDay,
                new MeasureSpec(MeasureKind.MaxOfWindows, Inner: MeasureKind.DistinctActive)),
            TemplateNames.ActivatedUsers => new RuleSpec(
                null, null, monthly,
                new MeasureSpec(MeasureKind.ActivatedMonths, BillingMonths: Positive(parameters.BillingMonths ?? throw new ArgumentException("activated-users needs BillingMonths (the months of a billing run).", nameof(parameters)), "BillingMonths"))),
            TemplateNames.ActiveFlagUsers => State([new(StateAtom.ActiveFlag), new(StateAtom.Exists)], StatePolicy.PeriodEnd),
            TemplateNames.FlexibleSeats => State([new(StateAtom.Exists), new(StateAtom.NotSuspended), new(StateAtom.NotDeactivated), new(StateAtom.EnrolledInVisibleCourse)], StatePolicy.AnyTime),
            _ => throw new ArgumentException($"'{template}' is not a template (expected one of {string.Join(", ", TemplateNames.All)} or generic).", nameof(template)),
        };
    }

    /// <summary>The meter of <c>meeting-hosts</c>: <c>meeting.hosted</c> with an origin in <c>Origins</c>, except unscheduled meetings in a one-on-one space.</summary>
    internal static MeterSpec MeetingHostsMeter(TemplateParameters parameters, UnitDimension unit) => new(
        [EventCatalog.MeetingHosted],
        [new KindCondition("origin", parameters.Origins ?? DefaultOrigins)],
        [[new KindCondition("scheduled", ["false"]), new KindCondition("space", ["one-on-one"])]],
        unit,
        parameters.ResolveAliases ?? true);

    /// <summary>The administrator role of an <c>active-flag-users</c> contract.</summary>
    internal static string AdministratorRole(TemplateParameters parameters) => parameters.AdministratorRole ?? DefaultAdministratorRole;

    private static ImmutableArray<string> AllActivityTypes() => [.. EventCatalog.ActivityTypes.Select(t => t.Name)];

    private static MeterSpec ActivityMeter(ImmutableArray<string> types, TemplateParameters parameters) =>
        new(types, [], [], UnitDimension.Subject, parameters.ResolveAliases ?? true);

    private static RuleSpec Active(MeterSpec meter, WindowScheme window) =>
        new(meter, null, window, new MeasureSpec(MeasureKind.DistinctActive));

    private static RuleSpec State(ImmutableArray<StateCondition> conditions, StatePolicy policy) =>
        State(FactFamily.User, conditions, policy);

    private static RuleSpec State(FactFamily family, ImmutableArray<StateCondition> conditions, StatePolicy policy) =>
        new(null, new StatePredicateSpec(family, conditions), WindowScheme.CalendarMonth, new MeasureSpec(MeasureKind.DistinctState, policy));

    private static Duration IdleTimeout(TemplateParameters parameters) =>
        Duration.FromMinutes(Positive(parameters.IdleTimeoutMinutes ?? DefaultIdleTimeoutMinutes, "IdleTimeoutMinutes"));

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentException($"{name} must be at least 1, not {value}.", nameof(value));
}
