using System.Buffers;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// The rule of opaque identifiers (docs/events.md: subjects, ids, and the roles, aliases and codes in
/// <c>data</c>): 1 to a maximum number of Unicode scalar values (a surrogate pair is one), no control character
/// (<see cref="char.IsControl(char)"/>: U+0000..U+001F, U+007F..U+009F), no unpaired surrogate. Every other
/// character, including <c>/ # ? \ %</c>, spaces and non-ASCII, is allowed and kept as sent.
/// </summary>
internal static class OpaqueText
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F"
        + "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F");

    /// <summary>What is wrong with a candidate identifier, if anything.</summary>
    public static OpaqueTextProblem Inspect(ReadOnlySpan<char> text, int maxScalars)
    {
        if (text.IsEmpty)
        {
            return OpaqueTextProblem.Empty;
        }

        var problem = text.ContainsAny(Controls) ? OpaqueTextProblem.ControlCharacter : OpaqueTextProblem.None;
        var scalars = text.Length;
        if (text.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            scalars = 0;
            for (var i = 0; i < text.Length; i++)
            {
                scalars++;
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    problem |= OpaqueTextProblem.UnpairedSurrogate;
                }
            }
        }

        return scalars > maxScalars ? problem | OpaqueTextProblem.TooLong : problem;
    }

    /// <summary>
    /// Whether well-formed UTF-8 <paramref name="utf8"/> holds a control character: DEL, or a C1 control
    /// (<c>C2 80</c>..<c>C2 9F</c>); C0 controls cannot stand unescaped in a JSON string.
    /// </summary>
    public static bool HasControlUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyInRange((byte)0x00, (byte)0x1F) >= 0 || utf8.IndexOf((byte)0x7F) >= 0)
        {
            return true;
        }

        var rest = utf8;
        while (true)
        {
            var at = rest.IndexOf((byte)0xC2);
            if (at < 0 || at + 1 >= rest.Length)
            {
                return false;
            }

            if (rest[at + 1] is >= 0x80 and <= 0x9F)
            {
                return true;
            }

            rest = rest[(at + 1)..];
        }
    }
}
