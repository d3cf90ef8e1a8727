using System.Buffers.Binary;
using NodaTime;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// Reads RFC 3339 date-times with an offset from UTF-8 (docs/events.md: <c>time</c> "RFC 3339 with offset").
/// Accepted: <c>YYYY-MM-DDTHH:MM:SS</c>, an optional fraction of 1 to 9 digits, then <c>Z</c> or <c>±HH:MM</c>;
/// <c>t</c> and <c>z</c> may be lower case (RFC 3339 section 5.6 note). Rejected: a missing offset, an offset
/// without its colon, a space instead of <c>T</c>, more than 9 fractional digits (no rounding), hour 24, and
/// impossible dates (29 February of a common year). A leap second (<c>:60</c>) is accepted only where one can
/// occur, at 23:59 UTC on the last day of a month, and is read as the last nanosecond of that minute so that the
/// event stays on the day it names.
/// </summary>
internal static class Rfc3339Time
{
    private const int MinLength = 20; // YYYY-MM-DDTHH:MM:SSZ

    /// <summary>Parses <paramref name="text"/>; false when it is not an RFC 3339 date-time with an offset.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out Instant instant)
    {
        var dates = default(DateMemo);
        return TryParse(text, ref dates, out instant);
    }

    /// <summary>
    /// Parses <paramref name="text"/> as <see cref="TryParse(ReadOnlySpan{byte}, out Instant)"/> does, reusing the
    /// date of the previous call given the same <paramref name="dates"/> when its ten bytes are the same (a batch's
    /// times fall on a few days, and checking and counting a date is most of the work).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, ref DateMemo dates, out Instant instant)
    {
        instant = default;
        if (text.Length < MinLength
            || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        var head = BinaryPrimitives.ReadUInt64LittleEndian(text);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(text[8..]);
        if (!dates.Holds(head, tail))
        {
            if (!TryDigits(text[..4], out var y) || !TryDigits(text.Slice(5, 2), out var m) || !TryDigits(text.Slice(8, 2), out var d)
                || m is < 1 or > 12 || d < 1 || d > DaysInMonth(y, m))
            {
                return false;
            }

            dates = new DateMemo(head, tail, DaysSinceEpoch(y, m, d), Known: true);
        }

        if (!TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var rest = text[19..];
        long nanoseconds = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && IsDigit(rest[digits]))
            {
                digits++;
            }

            var fraction = rest[1..digits];
            if (fraction.Length is 0 or > 9)
            {
                return false;
            }

            foreach (var b in fraction)
            {
                nanoseconds = (nanoseconds * 10) + (b - '0');
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanoseconds *= 10;
            }

            rest = rest[digits..];
        }

        if (!TryOffset(rest, out var offsetMinutes))
        {
            return false;
        }

        if (!TryUtc(dates.DaysSinceEpoch, hour, minute, second == 60 ? 59 : second, offsetMinutes, out var utc))
        {
            return false;
        }

        if (second == 60)
        {
            // RFC 3339 section 5.7: a leap second exists only at the end of a UTC month (23:59:60Z).
            var inUtc = utc.InUtc();
            if (inUtc.Hour != 23 || inUtc.Minute != 59 || inUtc.Day != DaysInMonth(inUtc.Year, inUtc.Month))
            {
                return false;
            }

            instant = utc.PlusNanoseconds(NodaConstants.NanosecondsPerSecond - 1);
            return true;
        }

        instant = utc.PlusNanoseconds(nanoseconds);
        return true;
    }

    private static readonly long MinSeconds = Instant.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = Instant.MaxValue.ToUnixTimeSeconds();

    private static bool TryUtc(long daysSinceEpoch, int hour, int minute, int second, int offsetMinutes, out Instant utc)
    {
        var seconds = (daysSinceEpoch * 86_400L) + (hour * 3_600L) + (minute * 60L) + second - (offsetMinutes * 60L);
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            utc = default;
            return false;
        }

        utc = Instant.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>Days in a month of the proleptic Gregorian calendar: February has 29 in years divisible by 4, except centuries not divisible by 400.</summary>
    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days from 1970-01-01 to a proleptic Gregorian date (the civil-days algorithm, exact for every year here).</summary>
    private static long DaysSinceEpoch(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    private static bool TryOffset(ReadOnlySpan<byte> text, out int minutes)
    {
        minutes = 0;
        if (text.Length == 1)
        {
            return (text[0] | 0x20) == 'z';
        }

        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':'
            || !TryDigits(text.Slice(1, 2), out var hours) || !TryDigits(text.Slice(4, 2), out var mins)
            || hours > 23 || mins > 59)
        {
            return false;
        }

        minutes = (text[0] == '-' ? -1 : 1) * ((hours * 60) + mins);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>A date already read and found valid: its ten bytes (<c>YYYY-MM-DD</c>) and its days since 1970-01-01.</summary>
    internal readonly record struct DateMemo(ulong Head, ushort Tail, long DaysSinceEpoch, bool Known)
    {
        /// <summary>Whether the date in these bytes is this one (a default memo holds none).</summary>
        public bool Holds(ulong head, ushort tail) => Known && head == Head && tail == Tail;
    }
}
