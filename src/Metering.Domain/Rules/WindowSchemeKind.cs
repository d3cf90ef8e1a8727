namespace Metering.Domain.Rules;

/// <summary>How a rule cuts its contract term into billing windows (docs/rules.md). Every window is a run of whole local days.</summary>
public enum WindowSchemeKind
{
    /// <summary>Calendar months, from local midnight on the 1st.</summary>
    CalendarMonth,

    /// <summary>Contract years from the effective date and each anniversary (29 February falls on 28 February in common years).</summary>
    ContractYear,

    /// <summary>Contract years, each measured as four consecutive 90-day periods from the anniversary; days after day 360 fall in none.</summary>
    NinetyDay,

    /// <summary>At each month end, the prior N months, not before the term start.</summary>
    Rolling,

    /// <summary>The whole subscription term.</summary>
    Term,

    /// <summary>
    /// A month of a contract year counted from the anchor's day (15 March to 14 April): only ever a sub-window of an
    /// <c>average-of-months</c> window whose year does not start on the 1st; no rule cuts its windows this way.
    /// </summary>
    ContractMonth,
}
