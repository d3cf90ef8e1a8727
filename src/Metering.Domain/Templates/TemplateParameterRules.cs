using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;

namespace Metering.Domain.Templates;

/// <summary>
/// The parameters templates accept: their JSON names, the rules several templates share, and the lookup of a template's
/// own list (<see cref="RuleTemplate.Parameters"/>). The contract reader enforces them, the rule engine may rely on
/// them (a parameter outside its rule never reaches a template), and <c>docs/contracts.md</c> lists them. <c>generic</c>
/// takes no parameters: its rule states everything. Counts are bounded by <see cref="ContractLimits.MaximumUnits"/>: they become AU minimums and
/// true-forward quantities that every commercial line must be able to price.
/// </summary>
public static class TemplateParameterRules
{
#pragma warning disable CS1591 // Each constant is the JSON name of the parameter it is named after; the templates that take it say what it means.
    public const string Types = "types";
    public const string IdleTimeoutMinutes = "idleTimeoutMinutes";
    public const string Months = "months";
    public const string BillingMonths = "billingMonths";
    public const string Origins = "origins";
    public const string AdministratorRole = "administratorRole";
    public const string ResolveAliases = "resolveAliases";
    public const string KnowledgeWorkers = "knowledgeWorkers";
    public const string Employees = "employees";
    public const string MigratedActiveUsers = "migratedActiveUsers";
    public const string MinimumPercent = "minimumPercent";
    public const string MinimumBase = "minimumBase";
    public const string MinimumFloor = "minimumFloor";
    public const string DeployedPercent = "deployedPercent";
#pragma warning restore CS1591

    /// <summary>The <see cref="MinimumBase"/> value that bases the initial AU minimum on knowledge workers (Flex Plan).</summary>
    public const string KnowledgeWorkersBase = "knowledge-workers";

    /// <summary>The <see cref="MinimumBase"/> value that bases the initial AU minimum on employees (Webex variant).</summary>
    public const string EmployeesBase = "employees";

    /// <summary>Flex Plan eligibility (seed 001): "Your order must reflect at least 250 Knowledge Workers".</summary>
    public const long FlexMinimumKnowledgeWorkers = 250;

    /// <summary><c>types</c>: the activity types that count.</summary>
    internal static readonly TemplateParameterRule TypesRule = new(
        Types, TemplateParameterType.TextList, false, null, null,
        [.. EventCatalog.ActivityTypes.Select(t => t.Name)], "every activity type");

    /// <summary><c>resolveAliases</c>: whether an alias counts for its owner.</summary>
    internal static readonly TemplateParameterRule ResolveAliasesRule = new(
        ResolveAliases, TemplateParameterType.Boolean, false, null, null, [], "true");

    /// <summary><c>origins</c>: the meeting origins that count.</summary>
    internal static readonly TemplateParameterRule OriginsRule = new(
        Origins, TemplateParameterType.TextList, false, null, null, [], "meetings, app, pstn");

    /// <summary>Every parameter name some template of the catalogue accepts, in the catalogue's order.</summary>
    public static IReadOnlyList<string> ParameterNames => TemplateCatalog.ParameterNames;

    /// <summary>The parameters a template accepts (empty for <c>generic</c>), or false for an unknown template.</summary>
    public static bool TryGet(string template, out ImmutableArray<TemplateParameterRule> rules)
    {
        if (TemplateCatalog.TryFind(template, out var found))
        {
            rules = found.Parameters;
            return true;
        }

        rules = template == ContractVersion.Generic ? [] : default;
        return template == ContractVersion.Generic;
    }

    /// <summary>The parameters a template accepts; throws <see cref="KeyNotFoundException"/> for an unknown template.</summary>
    public static ImmutableArray<TemplateParameterRule> For(string template) =>
        TryGet(template, out var rules) ? rules : throw new KeyNotFoundException($"'{template}' is not a template.");

    /// <summary>
    /// Rules that tie parameters together, beyond each one's range (<see cref="RuleTemplate.Inconsistencies"/>); none
    /// for <c>generic</c> or an unknown template.
    /// </summary>
    /// <returns>The parameter concerned and what is wrong, for each broken rule.</returns>
    public static IEnumerable<(string Parameter, string Message)> Inconsistencies(string template, TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return TemplateCatalog.TryFind(template, out var found) ? found.Inconsistencies(parameters) : [];
    }
}
