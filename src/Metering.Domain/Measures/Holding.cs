using Metering.Domain.Timelines;

namespace Metering.Domain.Measures;

/// <summary>
/// When one unit satisfies a rule's state predicate (or is in session), and, for access-ID codes, the timeline that
/// names its users. For a user a trace follows, when each condition of the predicate held on its own.
/// </summary>
internal sealed record Holding(CountedUnit Unit, IntervalSet Instants, AccessIdTimeline? AccessId = null)
{
    public IReadOnlyList<(string Condition, IntervalSet Held)> Conditions { get; init; } = [];
}
