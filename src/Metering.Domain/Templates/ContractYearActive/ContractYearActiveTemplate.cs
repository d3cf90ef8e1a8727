using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>contract-year-active</c> (docs/rules.md, 5.2): a user active at any time in a contract year counts once that year (seed 000, Tovuti).</summary>
internal sealed class ContractYearActiveTemplate() : RuleTemplate<ActivityParameters>(TemplateNames.ContractYearActive)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.TypesRule, TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override ActivityParameters Bind(TemplateParameters parameters) =>
        ActivityParameters.Of(parameters);

    /// <inheritdoc />
    public override RuleSpec RuleOf(ActivityParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters), WindowScheme.ContractYear);
}
