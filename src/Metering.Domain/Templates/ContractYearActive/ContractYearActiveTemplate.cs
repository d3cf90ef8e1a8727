using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>contract-year-active</c> (docs/rules.md, 5.2): A user active at any time in a contract year counts once that year (seed 000, Tovuti).</summary>
internal sealed class ContractYearActiveTemplate() : RuleTemplate(TemplateNames.ContractYearActive)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.TypesRule, TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters.Types, parameters), WindowScheme.ContractYear);
}
