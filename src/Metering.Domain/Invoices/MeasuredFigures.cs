using System.Collections.Immutable;
using Metering.Domain.Rules;

namespace Metering.Domain.Invoices;

/// <summary>
/// The figures of an invoice: the billed quantity and the breakdown that explains it (named figures, sub-window
/// and monthly counts, counts per deployment, the true forward). The evidence lines stay in the evidence file.
/// </summary>
/// <param name="Quantity">The billed quantity.</param>
/// <param name="Named">Named figures in presentation order, the first being the billed one.</param>
/// <param name="SubWindows">Counts per sub-window (90-day periods, months).</param>
/// <param name="Dimensions">Counts per dimension value (deployment), ordered ordinally by value.</param>
/// <param name="TrueForward">The Flex Plan true forward, if the window has one.</param>
public sealed record MeasuredFigures(
    long Quantity,
    ImmutableArray<NamedFigure> Named,
    ImmutableArray<SubWindowFigure> SubWindows,
    ImmutableSortedDictionary<string, long> Dimensions,
    TrueForwardResult? TrueForward)
{
    /// <summary>The figures of a measurement.</summary>
    public static MeasuredFigures From(Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new MeasuredFigures(
            measurement.Quantity,
            measurement.Figures,
            measurement.SubWindows,
            measurement.Dimensions.WithComparers(StringComparer.Ordinal),
            measurement.TrueForward);
    }
}
