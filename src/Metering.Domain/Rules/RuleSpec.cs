namespace Metering.Domain.Rules;

/// <summary>
/// A contract's rule in its generic form (docs/rules.md): a meter and/or a state predicate, a window scheme and
/// a measure. Templates are named presets of it; a contract that fits no template states one directly.
/// </summary>
/// <param name="Meter">The activity meter, for activity-based measures.</param>
/// <param name="State">The state predicate, for state-based measures.</param>
/// <param name="Window">The window scheme.</param>
/// <param name="Measure">The measure.</param>
public sealed record RuleSpec(MeterSpec? Meter, StatePredicateSpec? State, WindowScheme Window, MeasureSpec Measure);
