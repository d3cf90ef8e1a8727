using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>provisioned-accounts</c> (docs/rules.md, 5.3): the peak number of existing person accounts in a month (seed 000, KnowBe4).</summary>
internal sealed class ProvisionedAccountsTemplate() : RuleTemplate(TemplateNames.ProvisionedAccounts)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State([new(StateAtom.Exists), new(StateAtom.PersonAccount)], StatePolicy.Peak);
}
