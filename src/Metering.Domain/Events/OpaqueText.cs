namespace Metering.Domain.Events;

/// <summary>
/// The rule of opaque identifiers (SPEC section 3: subjects; the issue: ids, roles, aliases and codes in
/// <c>data</c>): 1 to a maximum number of Unicode scalar values (a surrogate pair is one), no control character
/// (<see cref="char.IsControl(char)"/>: U+0000..U+001F, U+007F..U+009F), no unpaired surrogate. Every other
/// character, including <c>/ # ? \ %</c>, spaces and non-ASCII, is allowed and kept as sent.
/// </summary>
internal static class OpaqueText
{
    /// <summary>What is wrong with a candidate identifier, if anything.</summary>
    public static OpaqueTextProblem Inspect(ReadOnlySpan<char> text, int maxScalars)
    {
        if (text.IsEmpty)
        {
            return OpaqueTextProblem.Empty;
        }

        var scalars = 0;
        var problem = OpaqueTextProblem.None;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            scalars++;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                problem |= OpaqueTextProblem.UnpairedSurrogate;
            }
            else if (char.IsControl(c))
            {
                problem |= OpaqueTextProblem.ControlCharacter;
            }
        }

        return scalars > maxScalars ? problem | OpaqueTextProblem.TooLong : problem;
    }
}
