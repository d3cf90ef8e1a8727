using System.Collections.Immutable;
using Metering.Domain.Commercial;
using Metering.Domain.Rules;

namespace Metering.Domain.Invoices;

/// <summary>
/// The figures of an invoice: the measured quantity and the breakdown that explains it (named figures, sub-window
/// and monthly counts, counts per deployment, the true forward), and what the version's commitments in units make of
/// it (<see cref="Commitment"/>). The evidence lines stay in the evidence file.
/// </summary>
/// <param name="Quantity">The quantity the rule measured (before any minimum commitment: see <c>billed-units</c>).</param>
/// <param name="Named">Named figures in presentation order: the rule's own, the first being the measured one, then the commitment's (<c>minimum-quantity</c>, <c>billed-units</c>, <c>included-units</c>, <c>overage-units</c>, those that apply).</param>
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
    /// <summary>The figures of a measurement, followed by those of the commitment over it, if the version states one.</summary>
    public static MeasuredFigures From(Measurement measurement, Commitment? commitment)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new MeasuredFigures(
            measurement.Quantity,
            commitment is null ? measurement.Figures : measurement.Figures.AddRange(commitment.Figures()),
            measurement.SubWindows,
            measurement.Dimensions.WithComparers(StringComparer.Ordinal),
            measurement.TrueForward);
    }
}
