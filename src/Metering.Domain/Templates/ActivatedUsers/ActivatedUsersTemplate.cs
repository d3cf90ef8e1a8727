using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>activated-users</c> (docs/rules.md, 5.16): users billed once per billing run of <c>billingMonths</c> months from their activation (seed 002, Kitaboo).</summary>
internal sealed class ActivatedUsersTemplate() : RuleTemplate<BillingRunParameters>(TemplateNames.ActivatedUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [new(TemplateParameterRules.BillingMonths, TemplateParameterType.Integer, true, 1, 120, [], null)];

    /// <inheritdoc />
    public override BillingRunParameters Bind(TemplateParameters parameters) =>
        new(Presets.Positive(parameters.Integer(TemplateParameterRules.BillingMonths) ?? throw new ArgumentException("activated-users needs BillingMonths (the months of a billing run).", nameof(parameters)), "BillingMonths"));

    /// <inheritdoc />
    public override RuleSpec RuleOf(BillingRunParameters parameters) =>
        new(null, null, WindowScheme.CalendarMonth, new MeasureSpec(MeasureKind.ActivatedMonths, BillingMonths: parameters.BillingMonths));
}
