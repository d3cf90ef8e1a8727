namespace Metering.Domain.Contracts;

/// <summary>
/// The optional commercial terms of a contract version (docs/contracts.md, "Commercial terms"). Amounts are decimals in <see cref="Currency"/>;
/// each line is rounded half away from zero to the currency's minor unit.
/// </summary>
public sealed record CommercialTerms
{
    /// <summary>No commercial terms: the invoice carries figures only.</summary>
    public static CommercialTerms None { get; } = new();

    /// <summary>ISO 4217 code (required when any price is given).</summary>
    public string? Currency { get; init; }

    /// <summary>Price of one billed unit for the window.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>Seats purchased or Active Users allowed; the excess is overage.</summary>
    public long? IncludedUnits { get; init; }

    /// <summary>Price of one unit over <see cref="IncludedUnits"/> (default <see cref="UnitPrice"/>).</summary>
    public decimal? OverageUnitPrice { get; init; }

    /// <summary>A minimum commitment in units: fewer are billed as this many.</summary>
    public long? MinimumQuantity { get; init; }

    /// <summary>A minimum commitment in money for the window.</summary>
    public decimal? MinimumAmount { get; init; }

    /// <summary>A fee per counted user (data distribution's Fee per Active User).</summary>
    public decimal? PerUserFee { get; init; }

    /// <summary><c>flex-true-forward</c>: the annual price of one Active User, prorated for true-forward fees.</summary>
    public decimal? AnnualUnitPrice { get; init; }

    /// <summary>
    /// Progressive billing (opt-in, distinct counts over a contract year or a term): each month's statement bills the
    /// units first seen that month at <see cref="UnitPrice"/>, and the window's invoice credits what the months billed
    /// (docs/contracts.md, "Progressive billing").
    /// </summary>
    public bool Progressive { get; init; }
}
