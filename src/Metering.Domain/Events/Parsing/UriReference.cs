namespace Metering.Domain.Events.Parsing;

/// <summary>
/// The URI-reference rule of the CloudEvents <c>source</c> attribute (RFC 3986 section 4.1), checked on its
/// UTF-8 bytes. Absolute URIs (<c>https://lms.example/apps</c>, <c>urn:vendor:lms</c>) and relative references
/// (<c>/apps/lms</c>, <c>apps/lms</c>, <c>//host/app</c>) are accepted. Rejected: the empty string; any byte
/// outside the URI character set (space, control characters, non-ASCII, <c>" &lt; &gt; \ ^ ` { | }</c>); a
/// <c>%</c> not followed by two hex digits; a scheme that does not start with a letter or holds other than
/// letters, digits, <c>+ - .</c> (which also rules out a colon in the first segment of a relative path); a
/// second <c>#</c>; square brackets anywhere but around an IP literal in the authority.
/// </summary>
internal static class UriReference
{
    /// <summary>Whether <paramref name="text"/> is a URI-reference by the rule above.</summary>
    public static bool IsValid(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        var fragments = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '%')
            {
                if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (b == '#')
            {
                fragments++;
            }
            else if (!IsUriCharacter(b))
            {
                return false;
            }
        }

        if (fragments > 1)
        {
            return false;
        }

        var rest = text;
        var schemeEnd = text.IndexOfAny(":/?#"u8);
        if (schemeEnd >= 0 && text[schemeEnd] == ':')
        {
            if (!IsScheme(text[..schemeEnd]))
            {
                return false;
            }

            rest = text[(schemeEnd + 1)..];
        }

        var authority = ReadOnlySpan<byte>.Empty;
        if (rest.StartsWith("//"u8))
        {
            var after = rest[2..];
            var end = after.IndexOfAny("/?#"u8);
            authority = end < 0 ? after : after[..end];
            rest = end < 0 ? [] : after[end..];
        }

        return rest.IndexOfAny("[]"u8) < 0 && IsAuthorityBracketed(authority);
    }

    private static bool IsAuthorityBracketed(ReadOnlySpan<byte> authority)
    {
        var open = authority.IndexOf((byte)'[');
        var close = authority.IndexOf((byte)']');
        if (open < 0 && close < 0)
        {
            return true;
        }

        // host = IP-literal: "[" after the optional userinfo "@", "]" before the optional ":port".
        var hostStart = authority.IndexOf((byte)'@') + 1;
        return open == hostStart && close > open + 1
            && authority[(open + 1)..].IndexOf((byte)'[') < 0 && authority[(close + 1)..].IndexOf((byte)']') < 0
            && (close == authority.Length - 1 || authority[close + 1] == ':');
    }

    private static bool IsScheme(ReadOnlySpan<byte> scheme)
    {
        if (scheme.IsEmpty || !IsAlpha(scheme[0]))
        {
            return false;
        }

        foreach (var b in scheme[1..])
        {
            if (!IsAlpha(b) && !IsDigit(b) && b != '+' && b != '-' && b != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUriCharacter(byte b) =>
        IsAlpha(b) || IsDigit(b) || b switch
        {
            // unreserved marks, gen-delims (except '#', counted above), sub-delims
            (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' => true,
            (byte)':' or (byte)'/' or (byte)'?' or (byte)'[' or (byte)']' or (byte)'@' => true,
            (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')' => true,
            (byte)'*' or (byte)'+' or (byte)',' or (byte)';' or (byte)'=' => true,
            _ => false,
        };

    private static bool IsAlpha(byte b) => (b | 0x20) is >= 'a' and <= 'z';

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte b) => IsDigit(b) || (b | 0x20) is >= 'a' and <= 'f';
}
