namespace Metering.Domain.Ingest;

/// <summary>
/// The identity of a batch: 32 lowercase hex digits of SHA-256 over its bodies (each prefixed by its length).
/// The same bodies in the same order always give the same id, so a redelivered batch writes the same archive,
/// dead-letter and touch records again instead of new ones.
/// </summary>
public readonly record struct BatchId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
