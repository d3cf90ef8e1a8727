using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>assigned-seats</c> (docs/rules.md, 5.4): the peak number of users holding a seat in a month (seed 000).</summary>
internal sealed class AssignedSeatsTemplate() : RuleTemplate(TemplateNames.AssignedSeats)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State([new(StateAtom.SeatAssigned)], StatePolicy.Peak);
}
