using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// <c>flex-true-forward</c> (docs/rules.md, 5.13; seed 001, Flex Plan): meeting hosts per contract month, averaged over
/// the contract year, and the true forward of the AU minimum at each anniversary inside the term
/// (<see cref="FlexTrueForward"/>). Its windows are the contract years that end the day before an anniversary, never
/// cut; a close reads presence from the term start (the minimum is recomputed from the first anniversary) and the
/// organisations' headcounts; <c>annualUnitPrice</c> prices its true forward.
/// </summary>
internal sealed class FlexTrueForwardTemplate() : RuleTemplate<FlexParameters>(TemplateNames.FlexTrueForward)
{
    /// <inheritdoc />
    public override ImmutableArray<TemplateParameterRule> Parameters { get; } =
    [
        TemplateParameterRules.OriginsRule,
        TemplateParameterRules.ResolveAliasesRule,
        new(TemplateParameterRules.KnowledgeWorkers, TemplateParameterType.Integer, true, TemplateParameterRules.FlexMinimumKnowledgeWorkers, ContractLimits.MaximumUnits, [], null,
            "Flex Plan (seed 001): the order must reflect at least 250 Knowledge Workers to be eligible for the Active User model"),
        new(TemplateParameterRules.Employees, TemplateParameterType.Integer, false, 1, ContractLimits.MaximumUnits, [], null),
        new(TemplateParameterRules.MigratedActiveUsers, TemplateParameterType.Integer, false, 0, ContractLimits.MaximumUnits, [], null),
        new(TemplateParameterRules.MinimumPercent, TemplateParameterType.Decimal, false, 0, 100, [], "15"),
        new(TemplateParameterRules.MinimumBase, TemplateParameterType.Text, false, null, null, [TemplateParameterRules.KnowledgeWorkersBase, TemplateParameterRules.EmployeesBase], TemplateParameterRules.KnowledgeWorkersBase),
        new(TemplateParameterRules.MinimumFloor, TemplateParameterType.Integer, false, 0, ContractLimits.MaximumUnits, [], "40"),
        new(TemplateParameterRules.DeployedPercent, TemplateParameterType.Decimal, false, 0, 100, [], "15"),
    ];

    /// <inheritdoc />
    public override bool PricesTrueForward => true;

    /// <inheritdoc />
    public override FlexParameters Bind(TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var knowledgeWorkers = parameters.Integer(TemplateParameterRules.KnowledgeWorkers)
            ?? throw new ArgumentException("flex-true-forward needs KnowledgeWorkers, the knowledge workers on the order.", nameof(parameters));
        if (knowledgeWorkers < TemplateParameterRules.FlexMinimumKnowledgeWorkers)
        {
            throw new ArgumentException($"A Flex Plan order needs at least {TemplateParameterRules.FlexMinimumKnowledgeWorkers} knowledge workers to use the Active User model; this one has {knowledgeWorkers}.", nameof(parameters));
        }

        var minimumBase = parameters.Text(TemplateParameterRules.MinimumBase) ?? TemplateParameterRules.KnowledgeWorkersBase;
        if (minimumBase is not (TemplateParameterRules.KnowledgeWorkersBase or TemplateParameterRules.EmployeesBase))
        {
            throw new ArgumentException($"MinimumBase is knowledge-workers or employees, not '{minimumBase}'.", nameof(parameters));
        }

        return new FlexParameters(
            knowledgeWorkers,
            parameters.Integer(TemplateParameterRules.Employees),
            parameters.Integer(TemplateParameterRules.MigratedActiveUsers),
            Percent(parameters.Decimal(TemplateParameterRules.MinimumPercent) ?? FlexTrueForward.DefaultPercent, "MinimumPercent"),
            minimumBase,
            parameters.Integer(TemplateParameterRules.MinimumFloor) ?? FlexTrueForward.DefaultFloor,
            Percent(parameters.Decimal(TemplateParameterRules.DeployedPercent) ?? FlexTrueForward.DefaultPercent, "DeployedPercent"),
            MeetingParameters.Of(parameters));
    }

    /// <inheritdoc />
    public override RuleSpec RuleOf(FlexParameters parameters) => new(
        Presets.MeetingHostsMeter(parameters.Meetings, UnitDimension.Subject), null, WindowScheme.ContractYear,
        new MeasureSpec(MeasureKind.AverageOfMonths, Inner: MeasureKind.DistinctActive));

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> Inconsistencies(TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Text(TemplateParameterRules.MinimumBase) == TemplateParameterRules.EmployeesBase && parameters.Integer(TemplateParameterRules.Employees) is null)
        {
            yield return (TemplateParameterRules.Employees, "is required when minimumBase is 'employees': the AU minimum is a percentage of the employees on the order");
        }
    }

    /// <inheritdoc />
    internal override IEnumerable<BillingWindow> WindowsOf(RuleSpec rule, DateInterval term, DateInterval governed, DateTimeZone zone) =>
        WindowCuts.TrueForwardYears(term, governed, zone);

    /// <inheritdoc />
    internal override DateInterval PresenceDays(DateInterval term, BillingWindow window) => new(term.Start, window.Days.End);

    /// <inheritdoc />
    internal override bool ReadsFacts => true;

    /// <inheritdoc />
    internal override Measurement Measure(RuleSpec rule, DateInterval term, BillingWindow window, FlexParameters parameters, MeasureContext context) =>
        FlexTrueForward.Measure(term, window, parameters, context);

    /// <inheritdoc />
    internal override string SubWindowLabel(BillingWindow sub, int index) => FlexTrueForward.MonthLabel(index);

    /// <inheritdoc />
    internal override List<UnitTally> SubWindowTallies(RuleSpec rule, DateInterval term, BillingWindow window, FlexParameters parameters, MeasureContext context) =>
        FlexTrueForward.MonthTallies(term, window, parameters, context);

    private static decimal Percent(decimal value, string name) =>
        value is >= 0m and <= 100m ? value : throw new ArgumentException($"{name} is a percentage between 0 and 100, not {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(value));
}
