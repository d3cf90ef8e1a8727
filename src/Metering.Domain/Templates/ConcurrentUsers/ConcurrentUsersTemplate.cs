using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary><c>concurrent-users</c> (docs/rules.md, 5.6): the peak number of users in a session at the same instant in a month (seed 000).</summary>
internal sealed class ConcurrentUsersTemplate() : RuleTemplate<ConcurrencyParameters>(TemplateNames.ConcurrentUsers)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } = [new(TemplateParameterRules.IdleTimeoutMinutes, TemplateParameterType.Integer, false, 1, 1440, [], "30")];

    /// <inheritdoc />
    public override ConcurrencyParameters Bind(TemplateParameters parameters) =>
        new(Duration.FromMinutes(Presets.Positive(parameters.Integer(TemplateParameterRules.IdleTimeoutMinutes) ?? TemplateCatalog.DefaultIdleTimeoutMinutes, "IdleTimeoutMinutes")));

    /// <inheritdoc />
    public override RuleSpec RuleOf(ConcurrencyParameters parameters) =>
        new(null, null, WindowScheme.CalendarMonth, new MeasureSpec(MeasureKind.PeakConcurrent, IdleTimeout: parameters.IdleTimeout));
}
