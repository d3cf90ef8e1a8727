using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>term-logins</c> (docs/rules.md, 5.10): users who logged in at least once during the whole term (seed 000, Totara).</summary>
internal sealed class TermLoginsTemplate() : RuleTemplate<ActivityParameters>(TemplateNames.TermLogins)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override ActivityParameters Bind(TemplateParameters parameters) =>
        ActivityParameters.Of(parameters, [EventCatalog.UserLogin]);

    /// <inheritdoc />
    public override RuleSpec RuleOf(ActivityParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters), WindowScheme.Term);
}
