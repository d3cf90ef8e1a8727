using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// <c>active-flag-users</c> (docs/rules.md, 5.17): users that exist with the active flag on at the end of a month
/// (seed 003, service provider), and the administrator invariant watched over the window (<see cref="AdministratorWatch"/>).
/// </summary>
internal sealed class ActiveFlagUsersTemplate() : RuleTemplate<AdministratorParameters>(TemplateNames.ActiveFlagUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } =
    [
        new(TemplateParameterRules.AdministratorRole, TemplateParameterType.Text, false, null, null, [], TemplateCatalog.DefaultAdministratorRole),
    ];

    /// <inheritdoc />
    public override AdministratorParameters Bind(TemplateParameters parameters) =>
        new(parameters.Text(TemplateParameterRules.AdministratorRole) ?? TemplateCatalog.DefaultAdministratorRole);

    /// <inheritdoc />
    public override RuleSpec RuleOf(AdministratorParameters parameters) =>
        Presets.State([new(StateAtom.ActiveFlag), new(StateAtom.Exists)], StatePolicy.PeriodEnd);

    /// <inheritdoc />
    internal override Measurement Measure(RuleSpec rule, DateInterval term, BillingWindow window, AdministratorParameters parameters, MeasureContext context)
    {
        var measurement = RuleEvaluation.Evaluate(rule, window, context);
        var role = parameters.AdministratorRole;
        return measurement with
        {
            Policies = measurement.Policies.Add($"at least one existing user with the active flag on must hold the role '{role}' at all times; a stretch without one, and the deactivation of a user still holding it, are anomalies"),
            Anomalies = RuleEvaluation.SortAnomalies(measurement.Anomalies.Concat(AdministratorWatch.Find(role, window, context))),
        };
    }
}
