namespace Metering.Domain.Rules;

/// <summary>When, within a window, a state must hold for a unit to count.</summary>
public enum StatePolicy
{
    /// <summary>At some instant of the window.</summary>
    AnyTime,

    /// <summary>At the window's last instant (just before its exclusive end).</summary>
    PeriodEnd,

    /// <summary>The figure is the highest number of units holding it at one instant.</summary>
    Peak,
}
