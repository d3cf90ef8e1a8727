using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Templates;

/// <summary>
/// One contract template (docs/rules.md): its name, the parameters it accepts, and the generic rule it stands for.
/// A template that needs more than its rule overrides a hook; the contract calendar, the rule engine and the contract
/// reader call the hooks and never ask which template they hold. The catalogue (<see cref="TemplateCatalog"/>) lists
/// every template; each lives in a folder of its own.
/// </summary>
public abstract class RuleTemplate
{
    /// <summary>Creates the template named <paramref name="name"/>.</summary>
    private protected RuleTemplate(string name) => Name = name;

    /// <summary>The name a contract version gives in <c>template</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The parameters the template accepts, with their types, ranges and defaults (docs/contracts.md), in the order a
    /// contract document writes them.
    /// </summary>
    public abstract ImmutableArray<TemplateParameterRule> Parameters { get; }

    /// <summary>Whether the template has a true forward, which the commercial term <c>annualUnitPrice</c> prices.</summary>
    public virtual bool PricesTrueForward => false;

    /// <summary>The rule the template stands for with <paramref name="parameters"/>; absent parameters take their defaults.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public abstract RuleSpec RuleOf(TemplateParameters parameters);

    /// <summary>Rules that tie parameters together, beyond each one's range: the parameter concerned and what is wrong.</summary>
    public virtual IEnumerable<(string Parameter, string Message)> Inconsistencies(TemplateParameters parameters) => [];

    /// <summary>The windows of the days <paramref name="governed"/> of <paramref name="term"/> that a version of this template governs: by default, those its rule's scheme cuts.</summary>
    internal virtual IEnumerable<BillingWindow> WindowsOf(RuleSpec rule, DateInterval term, DateInterval governed, DateTimeZone zone) =>
        WindowCuts.SchemeWindows(rule, term, governed, zone);

    /// <summary>The days whose presence a close of <paramref name="window"/> reads, when the rule has a meter: by default the window's own.</summary>
    internal virtual DateInterval PresenceDays(DateInterval term, BillingWindow window) => window.Days;

    /// <summary>Whether a close reads the facts of the tenants' history even when the rule alone would not.</summary>
    internal virtual bool ReadsFacts => false;

    /// <summary>Measures <paramref name="window"/> under the parameters a contract version gives: by default, the generic evaluation of the template's rule.</summary>
    internal virtual Measurement Measure(DateInterval term, BillingWindow window, TemplateParameters parameters, MeasureContext context) =>
        RuleEvaluation.Evaluate(RuleOf(parameters), window, context);

    /// <summary>How the template's invoices label sub-window <paramref name="index"/> (from 0): by default as every rule does (<see cref="RuleEvaluation.SubWindowLabel"/>).</summary>
    internal virtual string SubWindowLabel(BillingWindow sub, int index) => RuleEvaluation.SubWindowLabel(sub, index);

    /// <summary>The units of each sub-window of <paramref name="window"/> as its measure counts them (statements): by default, the generic rule's.</summary>
    internal virtual List<UnitTally> SubWindowTallies(DateInterval term, BillingWindow window, TemplateParameters parameters, MeasureContext context) =>
        RuleEvaluation.SubWindowTallies(RuleOf(parameters), window, context);
}

/// <summary>
/// A template with parameters of its own: <see cref="Bind"/> reads them from the contract's
/// <see cref="TemplateParameters"/> into <typeparamref name="TParameters"/>, defaults applied and ranges checked, and
/// the rule and the hooks work on that record.
/// </summary>
/// <typeparam name="TParameters">The template's parameters record.</typeparam>
public abstract class RuleTemplate<TParameters> : RuleTemplate
    where TParameters : notnull
{
    /// <summary>Creates the template named <paramref name="name"/>.</summary>
    private protected RuleTemplate(string name)
        : base(name)
    {
    }

    /// <summary>The template's parameters, read from what the contract gives, with their defaults.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range, or a required one is missing.</exception>
    public abstract TParameters Bind(TemplateParameters parameters);

    /// <summary>The rule the template stands for with <paramref name="parameters"/>.</summary>
    public abstract RuleSpec RuleOf(TParameters parameters);

    /// <inheritdoc />
    public sealed override RuleSpec RuleOf(TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return RuleOf(Bind(parameters));
    }

    /// <summary>Measures <paramref name="window"/> with the bound parameters: by default, the generic evaluation of the rule.</summary>
    internal virtual Measurement Measure(RuleSpec rule, DateInterval term, BillingWindow window, TParameters parameters, MeasureContext context) =>
        RuleEvaluation.Evaluate(rule, window, context);

    /// <summary>The units of each sub-window with the bound parameters: by default, the generic rule's.</summary>
    internal virtual List<UnitTally> SubWindowTallies(RuleSpec rule, DateInterval term, BillingWindow window, TParameters parameters, MeasureContext context) =>
        RuleEvaluation.SubWindowTallies(rule, window, context);

    /// <inheritdoc />
    internal sealed override List<UnitTally> SubWindowTallies(DateInterval term, BillingWindow window, TemplateParameters parameters, MeasureContext context)
    {
        var bound = Bind(parameters);
        return SubWindowTallies(RuleOf(bound), term, window, bound, context);
    }

    /// <inheritdoc />
    /// <remarks>Binds the parameters once, for the rule and the measure alike.</remarks>
    internal sealed override Measurement Measure(DateInterval term, BillingWindow window, TemplateParameters parameters, MeasureContext context)
    {
        var bound = Bind(parameters);
        return Measure(RuleOf(bound), term, window, bound, context);
    }
}
