using System.Globalization;

namespace Metering.Domain.Ingest;

/// <summary>
/// The digest of what an accepted event says (<see cref="EventContent"/>): two copies of one event with the same
/// digest are the same event delivered again; the same identity with another digest is a reused id.
/// </summary>
/// <param name="Value">XxHash128 of the event's content encoding.</param>
public readonly record struct ContentDigest(UInt128 Value) : IComparable<ContentDigest>
{
    /// <summary>Parses the 32 lowercase hex digits of <see cref="ToString"/>.</summary>
    public static ContentDigest Parse(string hex) => new(UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public int CompareTo(ContentDigest other) => Value.CompareTo(other.Value);

    /// <summary>32 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}
