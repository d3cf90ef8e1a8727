using System.Collections.Immutable;
using Metering.Domain.Events;

namespace Metering.Domain.Rules;

/// <summary>A state predicate: the family of units it counts and the conditions that must all hold at an instant.</summary>
/// <param name="Family">User, endpoint or access-ID code.</param>
/// <param name="AllOf">The conditions.</param>
public sealed record StatePredicateSpec(FactFamily Family, ImmutableArray<StateCondition> AllOf);
