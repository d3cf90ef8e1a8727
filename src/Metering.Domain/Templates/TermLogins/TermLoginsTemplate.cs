using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>term-logins</c> (docs/rules.md, 5.10): users who logged in at least once during the whole term (seed 000, Totara).</summary>
internal sealed class TermLoginsTemplate() : RuleTemplate(TemplateNames.TermLogins)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.Active(Presets.ActivityMeter([EventCatalog.UserLogin], parameters), WindowScheme.Term);
}
