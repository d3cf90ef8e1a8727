using System.Globalization;
using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Tenants;

namespace Metering.Domain.Rules;

/// <summary>
/// What a rule measured over one window: the measured quantity, every figure that explains it, the policies
/// applied, anomalies and the evidence lines. Everything is sorted deterministically, so equal inputs give
/// equal measurements.
/// </summary>
/// <param name="Quantity">The measured quantity (Active Users of the window under the contract's rule); a minimum commitment may bill more (<c>Commercial.Commitment</c>).</param>
/// <param name="Figures">Named figures in presentation order, the first being the measured one (e.g. <c>active-users</c>, <c>peak</c>, <c>average-active-users</c>).</param>
/// <param name="SubWindows">Counts of sub-windows: 90-day periods, months, rolling months.</param>
/// <param name="Dimensions">Counts per dimension value (deployment), empty when the unit has no dimension.</param>
/// <param name="Policies">Every policy the rule applied, as short sentences an auditor can read.</param>
/// <param name="Anomalies">What the rule found wrong in the data (an alias claimed twice, no active administrator...).</param>
/// <param name="Evidence">One line per counted unit, sorted.</param>
/// <param name="Notes">Facts about the window a reader must know (days after day 360 in no 90-day period...).</param>
/// <param name="TrueForward">For <c>flex-true-forward</c>: the true-forward computation.</param>
public sealed record Measurement(
    long Quantity,
    ImmutableArray<NamedFigure> Figures,
    ImmutableArray<SubWindowFigure> SubWindows,
    ImmutableSortedDictionary<string, long> Dimensions,
    ImmutableArray<string> Policies,
    ImmutableArray<Anomaly> Anomalies,
    ImmutableArray<EvidenceLine> Evidence,
    ImmutableArray<string> Notes,
    TrueForwardResult? TrueForward = null);

/// <summary>A named figure.</summary>
/// <param name="Name">Kebab-case name (<c>active-users</c>).</param>
/// <param name="Value">The value; counts are whole, averages may have a fraction.</param>
/// <param name="Rounding">How the value was rounded, in words, when it was (<see cref="Mean"/>, <see cref="RoundedUp"/>).</param>
public sealed record NamedFigure(string Name, decimal Value, string? Rounding = null)
{
    /// <summary>The decimal places a mean is shown with.</summary>
    public const int MeanDecimals = 4;

    /// <summary>
    /// A mean as an invoice shows it: <paramref name="total"/> / <paramref name="count"/> to <see cref="MeanDecimals"/>
    /// places, half away from zero, saying so with the exact fraction (no clause bills a mean itself; the figure that
    /// bills is <see cref="RoundedUp"/>).
    /// </summary>
    public static NamedFigure Mean(string name, long total, int count)
    {
        var exact = (decimal)total / count;
        var shown = Math.Round(exact, MeanDecimals, MidpointRounding.AwayFromZero);
        var rounding = shown == exact
            ? string.Create(CultureInfo.InvariantCulture, $"{total} / {count}, exact")
            : string.Create(CultureInfo.InvariantCulture, $"{total} / {count}, shown to {MeanDecimals} decimal places");
        return new NamedFigure(name, shown, rounding);
    }

    /// <summary>The mean <paramref name="total"/> / <paramref name="count"/> rounded up to a whole unit, as the clauses that average say.</summary>
    public static NamedFigure RoundedUp(string name, long total, int count) =>
        new(name, (long)Math.Ceiling((decimal)total / count), string.Create(CultureInfo.InvariantCulture, $"the mean of {count} monthly counts ({total} / {count}) rounded up to a whole unit"));
}

/// <summary>The count of one sub-window.</summary>
/// <param name="Id">The sub-window's id (<c>{first}_{last}</c>).</param>
/// <param name="Label">A short label (<c>period 1</c>, <c>2025-03</c>).</param>
/// <param name="Count">Its count.</param>
public sealed record SubWindowFigure(string Id, string Label, long Count);

/// <summary>Something wrong in the data that billing must see.</summary>
/// <param name="Code">A stable kebab-case code (<c>alias-claimed-twice</c>, <c>no-active-administrator</c>).</param>
/// <param name="Message">A sentence for a human reader.</param>
/// <param name="Subjects">The subjects concerned, sorted.</param>
/// <param name="At">The instant or day concerned, ISO text, if any.</param>
public sealed record Anomaly(string Code, string Message, ImmutableArray<string> Subjects, string? At = null);

/// <summary>
/// One counted unit and what qualified it. <see cref="Order"/> is the one order of evidence, in a measurement and in
/// the evidence file: ordinal by (tenant, unit, dimension, qualifier, detail), a null before any text.
/// </summary>
/// <param name="Tenant">The tenant the unit belongs to.</param>
/// <param name="Unit">The unit (subject after alias resolution).</param>
/// <param name="Dimension">The dimension value (deployment), or null.</param>
/// <param name="Qualifier">The first local day or the instant that qualified it.</param>
/// <param name="Detail">More about it (the aliases merged, the months billed...), or null.</param>
public sealed record EvidenceLine(TenantId Tenant, Subject Unit, string? Dimension, EvidenceQualifier Qualifier, string? Detail = null)
{
    /// <summary>A line of the text of an evidence file: a tenant id, a subject, an ISO date or instant.</summary>
    /// <exception cref="ArgumentException">The tenant is not a tenant id, or the unit is empty.</exception>
    /// <exception cref="FormatException">The qualifier is neither an ISO date nor an ISO instant.</exception>
    public static EvidenceLine FromText(string tenant, string unit, string? dimension, string qualifier, string? detail = null) =>
        new(TenantId.Parse(tenant), new Subject(unit), dimension, EvidenceQualifier.Parse(qualifier), detail);

    /// <summary>The order of evidence lines (see the type's summary); a null line sorts first.</summary>
    public static IComparer<EvidenceLine> Order { get; } = Comparer<EvidenceLine>.Create(Compare);

    private static int Compare(EvidenceLine? x, EvidenceLine? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.Tenant.CompareTo(y.Tenant);
        c = c != 0 ? c : x.Unit.CompareTo(y.Unit);
        c = c != 0 ? c : string.CompareOrdinal(x.Dimension, y.Dimension);
        c = c != 0 ? c : x.Qualifier.CompareTo(y.Qualifier);
        return c != 0 ? c : string.CompareOrdinal(x.Detail, y.Detail);
    }
}

/// <summary>The annual true forward of a Flex Plan (docs/rules.md, 5.13), at one anniversary.</summary>
/// <param name="MinimumBefore">The AU minimum in force during the year just ended.</param>
/// <param name="AverageActiveUsers">ceil(mean of the 12 contract-month counts of meeting hosts).</param>
/// <param name="MonthlyCounts">The 12 contract-month counts.</param>
/// <param name="DeployedKnowledgeWorkers">The deployed knowledge workers used (last headcount before the anniversary, else the order's).</param>
/// <param name="DeployedMeter">ceil(percentage of deployed knowledge workers).</param>
/// <param name="MinimumAfter">The new AU minimum (never lower than before).</param>
/// <param name="Increase">The true-forward quantity: <paramref name="MinimumAfter"/> minus <paramref name="MinimumBefore"/>.</param>
/// <param name="MonthsRemaining">Whole months left in the term from the anniversary, for proration.</param>
public sealed record TrueForwardResult(
    long MinimumBefore,
    long AverageActiveUsers,
    ImmutableArray<long> MonthlyCounts,
    long DeployedKnowledgeWorkers,
    long DeployedMeter,
    long MinimumAfter,
    long Increase,
    int MonthsRemaining);
