namespace Metering.Domain.Commercial;

/// <summary>The stable codes of invoice lines (docs/invoices.md, "Commercial lines"). Billing systems map them to their products; they never change meaning.</summary>
public static class LineCode
{
    /// <summary>The billed quantity at the unit price, or, with included units, the committed base of those units.</summary>
    public const string Base = "base";

    /// <summary>Units over the included units, at the overage price (the unit price when none is given).</summary>
    public const string Overage = "overage";

    /// <summary>The difference up to a minimum commitment in money.</summary>
    public const string MinimumAdjustment = "minimum-adjustment";

    /// <summary>A fee per counted user (data distribution's "Fee per Active User").</summary>
    public const string PerUserFee = "per-user-fee";

    /// <summary>Progressive billing, on a month's statement: the units first seen that month, at the unit price.</summary>
    public const string Progressive = "progressive";

    /// <summary>Progressive billing, on the window's invoice: what the months' statements billed, credited.</summary>
    public const string ProgressiveCredit = "progressive-credit";

    /// <summary>Flex Plan: the incremental fees of the Active Users added by a true forward, for the rest of the term.</summary>
    public const string TrueForward = "true-forward";
}
