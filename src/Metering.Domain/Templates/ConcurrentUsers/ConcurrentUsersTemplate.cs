using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;

namespace Metering.Domain.Templates;

/// <summary><c>concurrent-users</c> (docs/rules.md, 5.6): the peak number of users in a session at the same instant in a month (seed 000).</summary>
internal sealed class ConcurrentUsersTemplate() : RuleTemplate(TemplateNames.ConcurrentUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [new(TemplateParameterRules.IdleTimeoutMinutes, TemplateParameterType.Integer, false, 1, 1440, [], "30")];

    /// <inheritdoc />
    public override RuleSpec RuleOf(TemplateParameters parameters) =>
        new(null, null, WindowScheme.CalendarMonth, new MeasureSpec(MeasureKind.PeakConcurrent, IdleTimeout: Presets.IdleTimeout(parameters)));
}
