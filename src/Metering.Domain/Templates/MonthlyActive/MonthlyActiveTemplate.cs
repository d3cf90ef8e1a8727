using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>monthly-active</c> (docs/rules.md, 5.1): a user who used the product in a calendar month counts once that month (seed 000, calendar-month access).</summary>
internal sealed class MonthlyActiveTemplate() : RuleTemplate<ActivityParameters>(TemplateNames.MonthlyActive)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.TypesRule, TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override ActivityParameters Bind(TemplateParameters parameters) =>
        ActivityParameters.Of(parameters);

    /// <inheritdoc />
    public override RuleSpec RuleOf(ActivityParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters), WindowScheme.CalendarMonth);
}
