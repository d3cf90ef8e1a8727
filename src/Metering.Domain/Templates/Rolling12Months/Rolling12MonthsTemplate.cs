using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>rolling-12-months</c> (docs/rules.md, 5.7): a user active in the twelve months (or <c>months</c>) up to the end of each month counts once (seed 000).</summary>
internal sealed class Rolling12MonthsTemplate() : RuleTemplate<RollingParameters>(TemplateNames.Rolling12Months)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.TypesRule, new(TemplateParameterRules.Months, TemplateParameterType.Integer, false, 1, 120, [], "12"), TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override RollingParameters Bind(TemplateParameters parameters) =>
        new(Presets.Positive(parameters.Integer(TemplateParameterRules.Months) ?? TemplateCatalog.DefaultRollingMonths, "Months"), ActivityParameters.Of(parameters));

    /// <inheritdoc />
    public override RuleSpec RuleOf(RollingParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters.Activity), WindowScheme.Rolling(parameters.Months));
}
