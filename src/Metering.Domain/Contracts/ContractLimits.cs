using NodaTime;

namespace Metering.Domain.Contracts;

/// <summary>
/// The bounds every accepted contract keeps (<c>docs/contracts.md</c>, "Limits"), so that each of its windows can
/// be closed in bounded time and each commercial line of each window fits a <see cref="decimal"/>. They are far above
/// what a real billing contract states, and the contract reader refuses a document beyond any of them with the path
/// of the field and the limit.
/// </summary>
/// <remarks>
/// Why the money and unit bounds suffice: a line is at most units × price, that is below 10^9 × 10^12 = 10^21; a
/// true forward is at most units × annual price × months left / 12, below 10^9 × 10^12 × 240 / 12 = 2 × 10^22; an
/// invoice has at most five lines. A <see cref="decimal"/> holds up to about 7.9 × 10^28, so every amount is computed
/// with more than five orders of magnitude to spare, and a quantity up to <see cref="MaximumUnits"/> always prices.
/// </remarks>
public static class ContractLimits
{
    /// <summary>The most versions a contract has (version 1 and 99 amendments).</summary>
    public const int MaximumVersions = 100;

    /// <summary>The longest term, in years: a term ends at the latest the day before its start's twentieth anniversary.</summary>
    public const int MaximumTermYears = 20;

    /// <summary>
    /// The most billing windows the contract calendar may cut the term into, all versions together (a twenty-year
    /// monthly contract has 240 or 241; each amendment inside a window splits it in two).
    /// </summary>
    public const int MaximumWindows = 300;

    /// <summary>The most tenants (the billing tenant and its affiliates) a contract covers.</summary>
    public const int MaximumTenants = 100;

    /// <summary>
    /// The largest count a contract states (included units, minimum quantity, knowledge workers, employees, migrated
    /// Active Users, the AU minimum floor), and the largest measured quantity every line is guaranteed to price.
    /// </summary>
    public const long MaximumUnits = 1_000_000_000;

    /// <summary>The digits a price or amount may have before its decimal point.</summary>
    public const int MoneyIntegerDigits = 12;

    /// <summary>Every price and amount is less than this (10^12): at most <see cref="MoneyIntegerDigits"/> digits before the point.</summary>
    public const decimal MoneyBound = 1_000_000_000_000m;

    /// <summary>The most conditions in a meter's <c>include</c>, conjunctions in its <c>exclude</c>, conditions in one conjunction, or atoms in a state's <c>allOf</c>.</summary>
    public const int MaximumConditions = 16;

    /// <summary>The most values one condition lists, and the most items of a parameter list (<c>origins</c>).</summary>
    public const int MaximumValues = 32;

    /// <summary>The first day a term may start or end on.</summary>
    public static LocalDate EarliestDay { get; } = new(1900, 1, 1);

    /// <summary>The last day a term may start or end on (calendar arithmetic past the term, a year or more, stays inside the ISO calendar).</summary>
    public static LocalDate LatestDay { get; } = new(2999, 12, 31);

    /// <summary>The last day a term that starts on <paramref name="start"/> may end on: the day before its twentieth anniversary.</summary>
    public static LocalDate LatestTermEnd(LocalDate start) => start.PlusYears(MaximumTermYears).PlusDays(-1);
}
