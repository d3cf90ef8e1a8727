using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>unique-logins</c> (docs/rules.md, 5.18): users who logged in at least once in a contract year (seed 004, Open LMS).</summary>
internal sealed class UniqueLoginsTemplate() : RuleTemplate<ActivityParameters>(TemplateNames.UniqueLogins)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [TemplateParameterRules.ResolveAliasesRule];

    /// <inheritdoc />
    public override ActivityParameters Bind(TemplateParameters parameters) =>
        ActivityParameters.Of(parameters, [EventCatalog.UserLogin]);

    /// <inheritdoc />
    public override RuleSpec RuleOf(ActivityParameters parameters) =>
        Presets.Active(Presets.ActivityMeter(parameters), WindowScheme.ContractYear);
}
