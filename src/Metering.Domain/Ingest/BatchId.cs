namespace Metering.Domain.Ingest;

/// <summary>
/// The identity of a batch: 32 lowercase hex digits derived from the multiset of its bodies, independent of their
/// order. The same bodies, in any order, always give the same id, so a redelivered or shuffled batch writes the
/// same archive, dead-letter and touch records again instead of new ones.
/// </summary>
public readonly record struct BatchId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
