using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>An activity meter's parameters: the event types that count (every activity type by default) and whether aliases count for their owner.</summary>
/// <param name="Types">The activity types that count.</param>
/// <param name="ResolveAliases">Whether an event whose subject is a known alias counts for its owner (default true).</param>
public sealed record ActivityParameters(ImmutableArray<string> Types, bool ResolveAliases)
{
    /// <summary>The parameters a contract gives, with their defaults: <paramref name="types"/> when it names none.</summary>
    public static ActivityParameters Of(TemplateParameters parameters, ImmutableArray<string>? types = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(types ?? parameters.TextList(TemplateParameterRules.Types) ?? [.. EventCatalog.ActivityTypes.Select(t => t.Name)], parameters.Boolean(TemplateParameterRules.ResolveAliases) ?? true);
    }
}

/// <summary>The parameters of <c>rolling-12-months</c>: months per window, and its activity meter's.</summary>
/// <param name="Months">Months per window (default 12).</param>
/// <param name="Activity">The activity meter's parameters.</param>
public sealed record RollingParameters(int Months, ActivityParameters Activity);

/// <summary>A meeting-host meter's parameters.</summary>
/// <param name="Origins">The meeting origins that count (default app, meetings, pstn).</param>
/// <param name="ResolveAliases">Whether aliases count for their owner (default true).</param>
public sealed record MeetingParameters(ImmutableArray<string> Origins, bool ResolveAliases)
{
    /// <summary>The parameters a contract gives, with their defaults.</summary>
    public static MeetingParameters Of(TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters.TextList(TemplateParameterRules.Origins) ?? TemplateCatalog.DefaultOrigins, parameters.Boolean(TemplateParameterRules.ResolveAliases) ?? true);
    }
}

/// <summary>The parameters of <c>concurrent-users</c>.</summary>
/// <param name="IdleTimeout">The time without an event after which a session is over (default 30 minutes).</param>
public sealed record ConcurrencyParameters(Duration IdleTimeout);

/// <summary>The parameters of <c>activated-users</c>.</summary>
/// <param name="BillingMonths">The months of a billing run (required).</param>
public sealed record BillingRunParameters(int BillingMonths);

/// <summary>The parameters of <c>active-flag-users</c>.</summary>
/// <param name="AdministratorRole">The role at least one active user must hold at all times (default <c>administrator</c>).</param>
public sealed record AdministratorParameters(string AdministratorRole);

/// <summary>The parameters of <c>flex-true-forward</c> (docs/rules.md, 5.13), defaults applied.</summary>
/// <param name="KnowledgeWorkers">Knowledge workers on the order (at least 250).</param>
/// <param name="Employees">Employees on the order, when given.</param>
/// <param name="MigratedActiveUsers">The migrated subscription's Active Users, when it migrates.</param>
/// <param name="MinimumPercent">The percentage of the base that sets the initial AU minimum (default 15).</param>
/// <param name="MinimumBase"><c>knowledge-workers</c> (default) or <c>employees</c>.</param>
/// <param name="MinimumFloor">The floor of the AU minimum (default 40).</param>
/// <param name="DeployedPercent">The percentage of deployed knowledge workers of the second meter (default 15).</param>
/// <param name="Meetings">The meeting-host meter's parameters.</param>
public sealed record FlexParameters(
    long KnowledgeWorkers,
    long? Employees,
    long? MigratedActiveUsers,
    decimal MinimumPercent,
    string MinimumBase,
    long MinimumFloor,
    decimal DeployedPercent,
    MeetingParameters Meetings);
