using System.Text;

namespace Metering.Storage.Keys;

/// <summary>
/// Reversible encoding of free text (subjects, kind keys, families) for table keys (docs/storage.md, "Key
/// encoding"). Table keys may not hold <c>/ \ # ?</c> or control characters, and the pipeline joins key parts with
/// <c>|</c>; so <c>%</c>, those characters, <c>|</c>, U+0000..U+001F and U+007F..U+009F are written <c>%XX</c> (two
/// uppercase hex digits of the UTF-16 code unit). So is the single quote: request URLs quote keys with it
/// (<c>RowKey='...'</c>), and Azurite cuts a quoted key at <c>',</c> inside an entity group transaction, storing the
/// entity under another partition. Every other character, non-ASCII included, is kept, so keys stay readable. An
/// encoded string never contains <c>|</c> or <c>'</c>, and <see cref="Decode"/> inverts <see cref="Encode"/> exactly.
/// </summary>
public static class KeyEncoding
{
    /// <summary>Encodes <paramref name="text"/> for use inside a key.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfEscaped(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        sb.Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (MustEscape(c))
            {
                sb.Append('%').Append(HexDigit(c >> 4)).Append(HexDigit(c & 0xF));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes a string written by <see cref="Encode"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var first = encoded.IndexOf('%', StringComparison.Ordinal);
        if (first < 0)
        {
            return IndexOfEscaped(encoded) < 0 ? encoded : throw NotEncoded(encoded);
        }

        var sb = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c != '%')
            {
                if (MustEscape(c))
                {
                    throw NotEncoded(encoded);
                }

                sb.Append(c);
                continue;
            }

            if (i + 2 >= encoded.Length || HexValue(encoded[i + 1]) is not { } hi || HexValue(encoded[i + 2]) is not { } lo)
            {
                throw NotEncoded(encoded);
            }

            var decoded = (char)((hi << 4) | lo);
            if (!MustEscape(decoded))
            {
                // Only escaped characters are ever written as %XX: anything else is not our encoding.
                throw NotEncoded(encoded);
            }

            sb.Append(decoded);
            i += 2;
        }

        return sb.ToString();
    }

    private static int IndexOfEscaped(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (MustEscape(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MustEscape(char c) =>
        c is '%' or '/' or '\\' or '#' or '?' or '|' or '\'' or < '\u0020' or (>= '\u007F' and <= '\u009F');

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static int? HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => null,
    };

    private static FormatException NotEncoded(string encoded) => new($"'{encoded}' is not a KeyEncoding-encoded string.");
}
