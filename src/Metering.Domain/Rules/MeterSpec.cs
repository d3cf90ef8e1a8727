using System.Collections.Immutable;

namespace Metering.Domain.Rules;

/// <summary>
/// An activity meter: which presence it selects and what a unit is. A kind is selected when its type is in
/// <see cref="Types"/>, every condition of <see cref="Include"/> holds, and no conjunction of
/// <see cref="Exclude"/> holds entirely.
/// </summary>
/// <param name="Types">The selected event types (activity, meetings or content).</param>
/// <param name="Include">Conditions that must all hold.</param>
/// <param name="Exclude">Conjunctions of conditions; a kind matching every condition of one of them is not selected.</param>
/// <param name="Unit">What one counted unit is.</param>
/// <param name="ResolveAliases">Whether a subject that is a known alias counts for the user who owns it.</param>
public sealed record MeterSpec(
    ImmutableArray<string> Types,
    ImmutableArray<KindCondition> Include,
    ImmutableArray<ImmutableArray<KindCondition>> Exclude,
    UnitDimension Unit,
    bool ResolveAliases);
