using NodaTime;

namespace Metering.Simulation;

/// <summary>Writes instants as RFC 3339 text, in UTC (<c>Z</c>) or with a zone's offset, to the millisecond.</summary>
internal static class TimeText
{
    /// <summary>The longest text written: <c>2025-03-30T02:15:00.123+05:45</c>.</summary>
    public const int MaxLength = 29;

    public static int Write(Instant instant, DateTimeZone? zone, Span<char> destination)
    {
        var offset = zone is null ? Offset.Zero : zone.GetUtcOffset(instant);
        var local = instant.WithOffset(offset).LocalDateTime;
        var i = 0;
        Digits(destination, ref i, local.Year, 4);
        destination[i++] = '-';
        Digits(destination, ref i, local.Month, 2);
        destination[i++] = '-';
        Digits(destination, ref i, local.Day, 2);
        destination[i++] = 'T';
        Digits(destination, ref i, local.Hour, 2);
        destination[i++] = ':';
        Digits(destination, ref i, local.Minute, 2);
        destination[i++] = ':';
        Digits(destination, ref i, local.Second, 2);
        if (local.Millisecond != 0)
        {
            destination[i++] = '.';
            Digits(destination, ref i, local.Millisecond, 3);
        }

        if (zone is null)
        {
            destination[i++] = 'Z';
            return i;
        }

        var seconds = offset.Seconds;
        destination[i++] = seconds < 0 ? '-' : '+';
        seconds = Math.Abs(seconds);
        Digits(destination, ref i, seconds / 3600, 2);
        destination[i++] = ':';
        Digits(destination, ref i, seconds / 60 % 60, 2);
        return i;
    }

    public static string Format(Instant instant, DateTimeZone? zone)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..Write(instant, zone, text)]);
    }

    private static void Digits(Span<char> destination, ref int i, int value, int width)
    {
        for (var k = width - 1; k >= 0; k--)
        {
            destination[i + k] = (char)('0' + (value % 10));
            value /= 10;
        }

        i += width;
    }
}
