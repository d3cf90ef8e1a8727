using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>registered-users</c> (docs/rules.md, 5.9): users that exist at the end of a month (seed 000).</summary>
internal sealed class RegisteredUsersTemplate() : RuleTemplate(TemplateNames.RegisteredUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State([new(StateAtom.Exists)], StatePolicy.PeriodEnd);
}
