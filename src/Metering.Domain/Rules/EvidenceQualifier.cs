using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Rules;

/// <summary>
/// What qualified a counted unit: the first local day of the window on which it met the rule (activity, a billing
/// run), or the instant at which it did (a state held at a policy instant, a session at the peak). Written as ISO
/// text (<c>2025-03-02</c>, <c>2025-03-31T22:00:00Z</c>), and ordered ordinally by that text, the order of evidence.
/// </summary>
public readonly record struct EvidenceQualifier : IComparable<EvidenceQualifier>
{
    private EvidenceQualifier(LocalDate? day, Instant? instant, string text)
    {
        Day = day;
        Instant = instant;
        Text = text;
    }

    /// <summary>The local day, when a day qualified the unit.</summary>
    public LocalDate? Day { get; }

    /// <summary>The instant, when an instant qualified the unit.</summary>
    public Instant? Instant { get; }

    /// <summary>The ISO text: a date, or an instant in UTC.</summary>
    public string Text { get; }

    /// <summary>A unit qualified on a local day.</summary>
    public static EvidenceQualifier OnDay(LocalDate day) => new(day, null, IsoText.Of(day));

    /// <summary>A unit qualified at an instant.</summary>
    public static EvidenceQualifier At(Instant instant) => new(null, instant, IsoText.Of(instant));

    /// <summary>Reads a qualifier written by <see cref="Text"/>: an ISO date or an ISO instant in UTC.</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static EvidenceQualifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } day)
        {
            return OnDay(day.Value);
        }

        if (InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant)
        {
            return At(instant.Value);
        }

        throw new FormatException($"'{text}' is neither an ISO date nor an ISO instant.");
    }

    /// <summary>Ordinal order of the ISO text.</summary>
    public int CompareTo(EvidenceQualifier other) => string.CompareOrdinal(Text, other.Text);

    /// <inheritdoc />
    public override string ToString() => Text;
}
