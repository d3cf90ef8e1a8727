using System.Collections.Immutable;

namespace Metering.Simulation;

/// <summary>What a generation wrote: lines per stream and how many of them are deliberate disorder.</summary>
/// <param name="OnTimeLines">Lines in the on-time stream, disorder included.</param>
/// <param name="LateLines">Lines in the late stream.</param>
/// <param name="Events">Distinct events generated (each counted once, however often it was sent), by type.</param>
/// <param name="Duplicates">Extra copies of events sent.</param>
/// <param name="Redelivered">Lines sent again as part of a redelivered run.</param>
/// <param name="OutOfOrder">Events held back and sent days later.</param>
/// <param name="BadLines">Lines that must be rejected.</param>
public sealed record GenerationReport(
    long OnTimeLines,
    long LateLines,
    ImmutableSortedDictionary<string, long> Events,
    long Duplicates,
    long Redelivered,
    long OutOfOrder,
    long BadLines)
{
    /// <summary>Distinct events generated, every type.</summary>
    public long DistinctEvents => Events.Values.Sum();
}
