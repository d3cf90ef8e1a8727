namespace Metering.Domain.Events;

/// <summary>
/// The <c>subject</c> of an event (docs/events.md): the user, seat, endpoint, access-ID code or organisation it is
/// about, and so, after alias resolution, the unit a rule counts and an evidence line names. Opaque text kept exactly
/// as sent (<c>/ # ? \ %</c>, spaces and non-ASCII included, never normalised or case-folded) and compared ordinally
/// by UTF-16 code unit, the one order of evidence. The parser checks a subject at the edge (1 to 256 scalar values,
/// no control character, no unpaired surrogate); what storage gives back was checked on the way in.
/// </summary>
public readonly record struct Subject : IComparable<Subject>
{
    /// <summary>A subject of the text given.</summary>
    /// <exception cref="ArgumentException">The text is null or empty.</exception>
    public Subject(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary>The subject as sent.</summary>
    public string Value { get; }

    /// <summary>Ordinal order (UTF-16 code units).</summary>
    public int CompareTo(Subject other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The subject as sent.</summary>
    public override string ToString() => Value;
}
