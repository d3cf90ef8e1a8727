using System.Text.Json;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// Reads the string at a <see cref="Utf8JsonReader"/>'s position with JSON escapes resolved. An escape that
/// leaves an unpaired surrogate (<c>"\uD800"</c>) cannot become text, so these report false instead of throwing.
/// </summary>
internal static class JsonText
{
    /// <summary>The unescaped UTF-8 bytes of the current string token; <paramref name="scratch"/> holds them when the token had escapes.</summary>
    public static bool TryGetUtf8(ref Utf8JsonReader reader, ref byte[] scratch, out ReadOnlySpan<byte> value)
    {
        if (!reader.ValueIsEscaped)
        {
            value = reader.ValueSpan;
            return true;
        }

        if (scratch.Length < reader.ValueSpan.Length)
        {
            scratch = new byte[Math.Max(reader.ValueSpan.Length, scratch.Length * 2)];
        }

        try
        {
            var length = reader.CopyString(scratch);
            value = scratch.AsSpan(0, length);
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>The current string token as text.</summary>
    public static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }
}
