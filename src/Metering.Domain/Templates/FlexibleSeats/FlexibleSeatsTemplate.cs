using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>flexible-seats</c> (docs/rules.md, 5.19): existing users, neither suspended nor deactivated, enrolled in a visible course at any time in a month (seed 004, Open LMS).</summary>
internal sealed class FlexibleSeatsTemplate() : RuleTemplate(TemplateNames.FlexibleSeats)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        Presets.State([new(StateAtom.Exists), new(StateAtom.NotSuspended), new(StateAtom.NotDeactivated), new(StateAtom.EnrolledInVisibleCourse)], StatePolicy.AnyTime);
}
