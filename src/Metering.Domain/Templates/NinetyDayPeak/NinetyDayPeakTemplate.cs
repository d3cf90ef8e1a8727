using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>ninety-day-peak</c> (docs/rules.md, 5.15): the highest count of distinct app users over the four 90-day periods of a subscription year (seed 001, SAP).</summary>
internal sealed class NinetyDayPeakTemplate() : RuleTemplate<ActivityParameters>(TemplateNames.NinetyDayPeak)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override ActivityParameters Bind(TemplateParameters parameters) =>
        ActivityParameters.Of(parameters, [EventCatalog.AppLaunched]);

    /// <inheritdoc />
    public override RuleSpec RuleOf(ActivityParameters parameters) =>
        new(Presets.ActivityMeter(parameters), null, WindowScheme.NinetyDay, new MeasureSpec(MeasureKind.MaxOfWindows, Inner: MeasureKind.DistinctActive));
}
