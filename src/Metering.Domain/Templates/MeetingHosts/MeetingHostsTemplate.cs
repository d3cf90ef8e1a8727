using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>meeting-hosts</c> (docs/rules.md, 5.11): users who hosted a counted meeting in a month (seed 001, Webex).</summary>
internal sealed class MeetingHostsTemplate() : RuleTemplate<MeetingParameters>(TemplateNames.MeetingHosts)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.OriginsRule, TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override MeetingParameters Bind(TemplateParameters parameters) =>
        MeetingParameters.Of(parameters);

    /// <inheritdoc />
    public override RuleSpec RuleOf(MeetingParameters parameters) =>
        Presets.Active(Presets.MeetingHostsMeter(parameters, UnitDimension.Subject), WindowScheme.CalendarMonth);
}
