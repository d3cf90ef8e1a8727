using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>meeting-hosts-per-deployment</c> (docs/rules.md, 5.12): meeting hosts counted per deployment (cloud, on-premises) in a month (seed 001, Spark Flex).</summary>
internal sealed class MeetingHostsPerDeploymentTemplate() : RuleTemplate<MeetingParameters>(TemplateNames.MeetingHostsPerDeployment)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.OriginsRule, TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override MeetingParameters Bind(TemplateParameters parameters) =>
        MeetingParameters.Of(parameters);

    /// <inheritdoc />
    public override RuleSpec RuleOf(MeetingParameters parameters) =>
        Presets.Active(Presets.MeetingHostsMeter(parameters, UnitDimension.SubjectAndDeployment), WindowScheme.CalendarMonth);
}
