using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Windows;

/// <summary>
/// A billing window: a run of whole local days of the billing zone, already clipped to the contract term (and to
/// the contract version that governs it). As instants it is half-open: from the start of its first day,
/// inclusive, to the start of the day after its last day, exclusive; across a daylight-saving change the
/// instants follow the zone (a local day may be 23 or 25 hours long).
/// </summary>
/// <param name="Scheme">The scheme that produced it.</param>
/// <param name="Days">First and last local day, both inclusive.</param>
/// <param name="Zone">The billing zone.</param>
/// <param name="SubWindows">Sub-windows measured inside it: the 90-day periods of a subscription year, the months of a true-forward year; empty otherwise.</param>
/// <param name="Uncovered">For <see cref="WindowSchemeKind.NinetyDay"/>: the days of the year after day 360 that fall in no period, if any.</param>
/// <param name="ClippedToTerm">Whether the term (or a version boundary) cut the window short of its natural extent.</param>
public sealed record BillingWindow(
    WindowSchemeKind Scheme,
    DateInterval Days,
    DateTimeZone Zone,
    ImmutableArray<BillingWindow> SubWindows,
    DateInterval? Uncovered,
    bool ClippedToTerm)
{
    /// <summary>
    /// The window's stable name in storage and blob paths: <c>{first day}_{last day}</c> as ISO dates, for
    /// example <c>2025-03-01_2025-03-31</c>.
    /// </summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Days.Start:yyyy'-'MM'-'dd}_{Days.End:yyyy'-'MM'-'dd}");

    /// <summary>The window as instants: [start of first day, start of the day after the last day).</summary>
    public Interval Instants => new(Zone.AtStartOfDay(Days.Start).ToInstant(), Zone.AtStartOfDay(Days.End.PlusDays(1)).ToInstant());
}
