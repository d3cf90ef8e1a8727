using NodaTime;

namespace Metering.Domain.Rules;

/// <summary>A measure and its parameters.</summary>
/// <param name="Kind">The measure.</param>
/// <param name="Policy">For <see cref="MeasureKind.DistinctState"/>: the policy.</param>
/// <param name="IdleTimeout">For <see cref="MeasureKind.PeakConcurrent"/>: a session with no event for this long is over (default 30 minutes).</param>
/// <param name="BillingMonths">For <see cref="MeasureKind.ActivatedMonths"/>: the length of a billing run in months.</param>
/// <param name="Inner">For <see cref="MeasureKind.MaxOfWindows"/> and <see cref="MeasureKind.AverageOfMonths"/>: the measure of each sub-window.</param>
public sealed record MeasureSpec(
    MeasureKind Kind,
    StatePolicy? Policy = null,
    Duration? IdleTimeout = null,
    int? BillingMonths = null,
    MeasureKind? Inner = null);
