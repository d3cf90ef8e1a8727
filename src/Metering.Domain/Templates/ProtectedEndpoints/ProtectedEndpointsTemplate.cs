using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>protected-endpoints</c> (docs/rules.md, 5.8): endpoints protected at any time in a month (seed 000, MSP).</summary>
internal sealed class ProtectedEndpointsTemplate() : RuleTemplate(TemplateNames.ProtectedEndpoints)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State(FactFamily.Endpoint, [new(StateAtom.EndpointProtected)], StatePolicy.AnyTime);
}
