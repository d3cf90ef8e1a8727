using System.Collections.Frozen;
using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Templates;

namespace Metering.Domain.Templates;

/// <summary>
/// The one place that says which parameters each template of SPEC section 5 accepts and requires, and their
/// ranges. The contract reader enforces it, the rule engine may rely on it (a parameter outside its rule never
/// reaches a template), and <c>docs/contracts.md</c> lists it. <c>generic</c> takes no parameters: its rule
/// states everything. Counts are bounded by <see cref="ContractLimits.MaximumUnits"/>: they become AU minimums and
/// true-forward quantities that every commercial line must be able to price.
/// </summary>
public static class TemplateParameterRules
{
#pragma warning disable CS1591 // Each constant is the JSON name of the TemplateParameters member of the same name.
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

    private static readonly TemplateParameterRule TypesRule = new(
        Types, TemplateParameterType.TextList, false, null, null,
        [.. EventCatalog.ActivityTypes.Select(t => t.Name)], "every activity type");

    private static readonly TemplateParameterRule ResolveAliasesRule = new(
        ResolveAliases, TemplateParameterType.Boolean, false, null, null, [], "true");

    private static readonly TemplateParameterRule OriginsRule = new(
        Origins, TemplateParameterType.TextList, false, null, null, [], "meetings, app, pstn");

    private static readonly FrozenDictionary<string, ImmutableArray<TemplateParameterRule>> ByTemplate =
        new Dictionary<string, ImmutableArray<TemplateParameterRule>>(StringComparer.Ordinal)
        {
            [TemplateNames.MonthlyActive] = [TypesRule, ResolveAliasesRule],
            [TemplateNames.ContractYearActive] = [TypesRule, ResolveAliasesRule],
            [TemplateNames.ProvisionedAccounts] = [],
            [TemplateNames.AssignedSeats] = [],
            [TemplateNames.ValidLogin] = [],
            [TemplateNames.ConcurrentUsers] =
            [
                new(IdleTimeoutMinutes, TemplateParameterType.Integer, false, 1, 1440, [], "30"),
            ],
            [TemplateNames.Rolling12Months] =
            [
                new(Months, TemplateParameterType.Integer, false, 1, 120, [], "12"),
                TypesRule,
                ResolveAliasesRule,
            ],
            [TemplateNames.ProtectedEndpoints] = [],
            [TemplateNames.RegisteredUsers] = [],
            [TemplateNames.TermLogins] = [ResolveAliasesRule],
            [TemplateNames.MeetingHosts] = [OriginsRule, ResolveAliasesRule],
            [TemplateNames.MeetingHostsPerDeployment] = [OriginsRule, ResolveAliasesRule],
            [TemplateNames.FlexTrueForward] =
            [
                new(KnowledgeWorkers, TemplateParameterType.Integer, true, FlexMinimumKnowledgeWorkers, ContractLimits.MaximumUnits, [], null,
                    "Flex Plan (seed 001): the order must reflect at least 250 Knowledge Workers to be eligible for the Active User model"),
                new(Employees, TemplateParameterType.Integer, false, 1, ContractLimits.MaximumUnits, [], null),
                new(MigratedActiveUsers, TemplateParameterType.Integer, false, 0, ContractLimits.MaximumUnits, [], null),
                new(MinimumPercent, TemplateParameterType.Decimal, false, 0, 100, [], "15"),
                new(MinimumBase, TemplateParameterType.Text, false, null, null, [KnowledgeWorkersBase, EmployeesBase], KnowledgeWorkersBase),
                new(MinimumFloor, TemplateParameterType.Integer, false, 0, ContractLimits.MaximumUnits, [], "40"),
                new(DeployedPercent, TemplateParameterType.Decimal, false, 0, 100, [], "15"),
                OriginsRule,
                ResolveAliasesRule,
            ],
            [TemplateNames.AccessIdUsers] = [],
            [TemplateNames.NinetyDayPeak] = [ResolveAliasesRule],
            [TemplateNames.ActivatedUsers] =
            [
                new(BillingMonths, TemplateParameterType.Integer, true, 1, 120, [], null),
            ],
            [TemplateNames.ActiveFlagUsers] =
            [
                new(AdministratorRole, TemplateParameterType.Text, false, null, null, [], "administrator"),
            ],
            [TemplateNames.UniqueLogins] = [ResolveAliasesRule],
            [TemplateNames.FlexibleSeats] = [],
            [ContractVersion.Generic] = [],
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every parameter name any template accepts, in the order of <see cref="TemplateParameters"/>.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } =
    [
        Types, IdleTimeoutMinutes, Months, BillingMonths, Origins, AdministratorRole, ResolveAliases,
        KnowledgeWorkers, Employees, MigratedActiveUsers, MinimumPercent, MinimumBase, MinimumFloor, DeployedPercent,
    ];

    /// <summary>The parameters a template accepts (empty for <c>generic</c>), or false for an unknown template.</summary>
    public static bool TryGet(string template, out ImmutableArray<TemplateParameterRule> rules) =>
        ByTemplate.TryGetValue(template, out rules);

    /// <summary>The parameters a template accepts; throws <see cref="KeyNotFoundException"/> for an unknown template.</summary>
    public static ImmutableArray<TemplateParameterRule> For(string template) =>
        TryGet(template, out var rules) ? rules : throw new KeyNotFoundException($"'{template}' is not a template.");

    /// <summary>
    /// Rules that tie parameters together, beyond each one's range: a Flex Plan whose AU minimum is a percentage
    /// of employees (the Webex variant) must say how many employees the order has.
    /// </summary>
    /// <returns>The parameter concerned and what is wrong, for each broken rule.</returns>
    public static IEnumerable<(string Parameter, string Message)> Inconsistencies(string template, TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (template == TemplateNames.FlexTrueForward && parameters.MinimumBase == EmployeesBase && parameters.Employees is null)
        {
            yield return (Employees, "is required when minimumBase is 'employees': the AU minimum is a percentage of the employees on the order");
        }
    }
}
