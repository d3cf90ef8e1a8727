using System.Collections.Immutable;
using Metering.Domain.Rules;

namespace Metering.Domain.Measures;

/// <summary>
/// The units a measure counted over one window: one evidence line per counted unit, sorted, so the count is the
/// number of lines; and, when units have a dimension, how many units have each dimension value.
/// </summary>
internal sealed record UnitTally(ImmutableArray<EvidenceLine> Evidence, ImmutableSortedDictionary<string, long> Dimensions)
{
    public long Count => Evidence.Length;

    public static UnitTally Of(IEnumerable<EvidenceLine> lines, bool withDimensions)
    {
        var sorted = lines.ToList();
        sorted.Sort(EvidenceLine.Order);
        var dimensions = withDimensions
            ? sorted.GroupBy(l => l.Dimension ?? string.Empty, StringComparer.Ordinal)
                .ToImmutableSortedDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal)
            : ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal);
        return new UnitTally([.. sorted], dimensions);
    }

    /// <summary>Adds a sentence to the detail of each line (the sub-window that counted it...).</summary>
    public static EvidenceLine WithDetail(EvidenceLine line, string detail) =>
        line with { Detail = line.Detail is null ? detail : $"{line.Detail}; {detail}" };
}
