using System.Collections.Frozen;
using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary>
/// The catalogue of the nineteen templates (docs/rules.md, 5), each a <see cref="RuleTemplate"/> in a folder of its own:
/// the one place that knows them by name. Activity meters resolve aliases unless the contract sets
/// <c>ResolveAliases</c> to false (an event whose subject is a known alias counts for its owner).
/// </summary>
public static class TemplateCatalog
{
    /// <summary>The meeting origins that count when a contract names none: meetings, app, pstn.</summary>
    public static ImmutableArray<string> DefaultOrigins { get; } = ["app", "meetings", "pstn"];

    /// <summary>The administrator role of <c>active-flag-users</c> when the contract names none.</summary>
    public const string DefaultAdministratorRole = "administrator";

    /// <summary>Months in a <c>rolling-12-months</c> window when the contract says nothing.</summary>
    public const int DefaultRollingMonths = 12;

    /// <summary>Idle minutes after which a session is over when the contract says nothing (docs/rules.md, 4).</summary>
    public const int DefaultIdleTimeoutMinutes = 30;

    /// <summary>Every template, in the order of docs/rules.md.</summary>
    public static ImmutableArray<RuleTemplate> All { get; } =
    [
        new MonthlyActiveTemplate(),
        new ContractYearActiveTemplate(),
        new ProvisionedAccountsTemplate(),
        new AssignedSeatsTemplate(),
        new ValidLoginTemplate(),
        new ConcurrentUsersTemplate(),
        new Rolling12MonthsTemplate(),
        new ProtectedEndpointsTemplate(),
        new RegisteredUsersTemplate(),
        new TermLoginsTemplate(),
        new MeetingHostsTemplate(),
        new MeetingHostsPerDeploymentTemplate(),
        new FlexTrueForwardTemplate(),
        new AccessIdUsersTemplate(),
        new NinetyDayPeakTemplate(),
        new ActivatedUsersTemplate(),
        new ActiveFlagUsersTemplate(),
        new UniqueLoginsTemplate(),
        new FlexibleSeatsTemplate(),
    ];

    /// <summary>Every parameter name some template accepts, in the order of <see cref="All"/>.</summary>
    public static ImmutableArray<string> ParameterNames { get; } =
        [.. All.SelectMany(t => t.Parameters).Select(r => r.Name).Distinct(StringComparer.Ordinal)];

    private static readonly FrozenDictionary<string, RuleTemplate> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="template"/> names a template (exact, case-sensitive; <c>generic</c> is not a template).</summary>
    public static bool IsTemplate(string template) => ByName.ContainsKey(template);

    /// <summary>The template named <paramref name="name"/>, or false (for <c>generic</c> too).</summary>
    public static bool TryFind(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RuleTemplate template) =>
        ByName.TryGetValue(name, out template);

    /// <summary>The template a version names, or null for a <c>generic</c> version, which states its rule itself.</summary>
    /// <exception cref="ArgumentException">The version names neither a template nor <c>generic</c>.</exception>
    public static RuleTemplate? Of(ContractVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Template == ContractVersion.Generic ? null : Find(version.Template);
    }

    /// <summary>The rule of a contract version: its template's preset, or, for <c>generic</c>, the rule it states.</summary>
    public static RuleSpec RuleOf(ContractVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Of(version) is { } template
            ? template.RuleOf(version.Parameters)
            : version.Rule ?? throw new ArgumentException($"Version {version.Number} is generic but states no rule.", nameof(version));
    }

    /// <summary>The rule a template stands for with these parameters; null parameters take the template's defaults.</summary>
    /// <exception cref="ArgumentException">The name is not a template, or a parameter is out of range.</exception>
    public static RuleSpec RuleOf(string template, TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        return Find(template).RuleOf(parameters);
    }

    private static RuleTemplate Find(string name) =>
        TryFind(name, out var template)
            ? template
            : throw new ArgumentException($"'{name}' is not a template (expected one of {string.Join(", ", All.Select(t => t.Name))} or generic).", nameof(name));
}
