using Metering.Domain.Contracts;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Domain.Windows;

namespace Metering.Domain.Engine;

/// <summary>
/// Measures one window of a contract under the version that governs it: its template (which may add to the generic
/// evaluation, <see cref="RuleTemplate.Measure"/>) or a <c>generic</c> version's own rule. Pure and deterministic: the same contract, window and inputs always give an
/// equal measurement, whatever was measured before and in whatever order the inputs were added.
/// </summary>
public static class RuleEngine
{
    /// <summary>
    /// The measurement of <paramref name="scheduled"/>, counting only units of the contract's tenants.
    /// </summary>
    /// <param name="contract">The contract.</param>
    /// <param name="scheduled">One of its windows, from <see cref="ContractCalendar.WindowsOf"/>.</param>
    /// <param name="inputs">What the close read for the window's <see cref="ScheduledWindow.Needs"/>.</param>
    /// <param name="trace">When given, told what the rule decided about the units it follows (<c>explain</c>); it changes nothing measured.</param>
    /// <exception cref="ArgumentException">The window's version is not one of the contract's, or its rule or parameters are invalid.</exception>
    public static Measurement Measure(Contract contract, ScheduledWindow scheduled, MeteringInputs inputs, UnitTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(inputs);
        var version = scheduled.Version;
        if (!contract.Versions.Any(v => v.Number == version.Number))
        {
            throw new ArgumentException($"Version {version.Number} is not a version of contract {contract.Id}.", nameof(scheduled));
        }

        var context = MeasureContext.Of(contract.Tenants, inputs, trace);
        return TemplateCatalog.Of(version) is { } template
            ? template.Measure(contract.Term, scheduled.Window, version.Parameters, context)
            : RuleEvaluation.Evaluate(TemplateCatalog.RuleOf(version), scheduled.Window, context);
    }
}
