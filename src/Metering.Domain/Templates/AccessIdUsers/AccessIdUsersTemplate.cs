using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>access-id-users</c> (docs/rules.md, 5.14): access-ID codes assigned to a user at any time in a month (seed 001, data distribution).</summary>
internal sealed class AccessIdUsersTemplate() : RuleTemplate(TemplateNames.AccessIdUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State(FactFamily.AccessId, [new(StateAtom.AccessIdAssigned)], StatePolicy.AnyTime);
}
