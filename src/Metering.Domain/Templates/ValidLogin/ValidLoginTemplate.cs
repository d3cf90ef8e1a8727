using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>valid-login</c> (docs/rules.md, 5.5): users with an enabled credential, neither deactivated nor deleted, at the end of a month (seed 000).</summary>
internal sealed class ValidLoginTemplate() : RuleTemplate(TemplateNames.ValidLogin)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State([new(StateAtom.CredentialEnabled), new(StateAtom.NotDeactivated), new(StateAtom.NotDeleted)], StatePolicy.PeriodEnd);
}
