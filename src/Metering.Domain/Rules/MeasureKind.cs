namespace Metering.Domain.Rules;

/// <summary>What a rule measures over a window (docs/rules.md).</summary>
public enum MeasureKind
{
    /// <summary>Units with at least one qualifying event in the window.</summary>
    DistinctActive,

    /// <summary>Units for which the state predicate holds, under a <see cref="StatePolicy"/>.</summary>
    DistinctState,

    /// <summary>The highest number of distinct units with an open session at one instant.</summary>
    PeakConcurrent,

    /// <summary>The highest of the sub-window counts (four 90-day periods).</summary>
    MaxOfWindows,

    /// <summary>The mean of the monthly counts of a year.</summary>
    AverageOfMonths,

    /// <summary>Kitaboo's activated-user months (docs/rules.md, 5.16).</summary>
    ActivatedMonths,
}
