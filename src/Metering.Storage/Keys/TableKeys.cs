using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Keys;

/// <summary>
/// The partition and row keys of docs/storage.md, in one place. Parts are joined with <c>|</c>; free text is
/// <see cref="KeyEncoding"/>-encoded, so a part never contains the separator. Months are <c>yyyyMM</c> and days
/// <c>yyyyMMdd</c> (local to the tenant's billing zone), so keys of one tenant sort by time.
/// </summary>
/// <remarks>
/// A key may hold at most 512 UTF-16 characters (1 KiB). A free-text part whose encoded form is longer than its
/// share (<see cref="BoundedPart"/>) is cut and ends with <c>%~</c> and a hash of the whole text: <c>%~</c> never
/// occurs in an encoded string (it escapes <c>%</c> as <c>%25</c>), so a cut part cannot equal another text's
/// encoding. Cut keys are not reversible; the plain-text <c>Kind</c> and <c>Unit</c> properties are, and readers
/// use those.
/// </remarks>
public static class TableKeys
{
    /// <summary>The separator of key parts.</summary>
    public const char Separator = '|';

    private static readonly LocalDatePattern DayPattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuuMM");

    /// <summary>The <c>yyyyMM</c> text of a month.</summary>
    public static string Month(YearMonth month) => MonthPattern.Format(month);

    /// <summary>The <c>yyyyMMdd</c> text of a day.</summary>
    public static string Day(LocalDate day) => DayPattern.Format(day);

    /// <summary>Parses a <c>yyyyMMdd</c> key part.</summary>
    public static LocalDate ParseDay(string text) => DayPattern.Parse(text).GetValueOrThrow();

    /// <summary>The presence, facts and sessions partition: <c>{tenant}|{yyyyMM}|{shard}</c>.</summary>
    public static string MonthShardPartition(TenantId tenant, YearMonth month, string shard) =>
        string.Concat(tenant.Value, "|", Month(month), "|", shard);

    /// <summary>
    /// The lowest partition key of <paramref name="tenant"/> at or after <paramref name="month"/> (inclusive bound
    /// of a month range; the exclusive bound is the same for the month after the last). Tenant ids hold only
    /// <c>[a-z0-9-]</c>, all below <c>|</c>, so every other tenant that starts with the same letters sorts before
    /// <c>{tenant}|</c> (<c>acme-eu|</c> and <c>acmez|</c> before <c>acme|</c>) and a range never holds another
    /// tenant's keys.
    /// </summary>
    public static string MonthLowerBound(TenantId tenant, YearMonth month) => string.Concat(tenant.Value, "|", Month(month));

    /// <summary>The most UTF-8 bytes of a kind key inside a row key.</summary>
    public const int KindKeyBytes = 160;

    /// <summary>The most UTF-8 bytes of a unit inside a row key.</summary>
    public const int UnitKeyBytes = 340;

    /// <summary>The presence row key: <c>{kind key}|{unit}</c>, both encoded and bounded.</summary>
    public static string PresenceRow(ActivityKind kind, string unit) =>
        string.Concat(BoundedPart(kind.Key, KindKeyBytes), "|", BoundedPart(unit, UnitKeyBytes));

    /// <summary>
    /// <paramref name="text"/> encoded; when that is over <paramref name="maxBytes"/> UTF-8 bytes, its longest
    /// prefix that leaves room for <c>%~</c> and 32 hex digits of SHA-256 of the text, followed by them.
    /// </summary>
    public static string BoundedPart(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = KeyEncoding.Encode(text);
        if (Encoding.UTF8.GetByteCount(encoded) <= maxBytes)
        {
            return encoded;
        }

        var room = maxBytes - 34;
        var used = 0;
        var end = 0;
        while (end < encoded.Length)
        {
            var width = char.IsHighSurrogate(encoded[end]) && end + 1 < encoded.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(encoded.AsSpan(end, width));
            if (used + bytes > room)
            {
                break;
            }

            used += bytes;
            end += width;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
        return string.Concat(encoded.AsSpan(0, end), "%~", hash);
    }

    /// <summary>The stable lowercase name of a fact family in keys and properties.</summary>
    public static string FamilyName(FactFamily family) => family switch
    {
        FactFamily.User => "user",
        FactFamily.Course => "course",
        FactFamily.Endpoint => "endpoint",
        FactFamily.AccessId => "access-id",
        FactFamily.Organisation => "organisation",
        FactFamily.Session => "session",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Not a stored fact family."),
    };

    /// <summary>Parses a family name written by <see cref="FamilyName"/>.</summary>
    public static FactFamily ParseFamily(string name) => name switch
    {
        "user" => FactFamily.User,
        "course" => FactFamily.Course,
        "endpoint" => FactFamily.Endpoint,
        "access-id" => FactFamily.AccessId,
        "organisation" => FactFamily.Organisation,
        "session" => FactFamily.Session,
        _ => throw new FormatException($"'{name}' is not a fact family."),
    };

    /// <summary>The facts and sessions row key: <c>{family}|{unit}|{yyyyMMdd}|{chunk id}</c>.</summary>
    public static string FactRow(FactFamily family, string unit, LocalDate day, string chunkId) =>
        string.Concat(FamilyName(family), "|", BoundedPart(unit, UnitKeyBytes), "|", Day(day), "|", chunkId);

    /// <summary>
    /// The touches row key: <c>{yyyyMMdd}|{batch id}|{plan digest}</c>. The plan's digest is in it so that the same
    /// batch read again with another outcome (a source registered since, then a replay) adds a touch instead of
    /// replacing the one its first outcome left, and so brings back the windows it reads.
    /// </summary>
    public static string TouchRow(LocalDate day, string batchId, string planDigest) => string.Concat(Day(day), "|", batchId, "|", planDigest);

    /// <summary>The lowest touches row key of a day (inclusive bound of a day range).</summary>
    public static string TouchDayLowerBound(LocalDate day) => Day(day) + "|";

    /// <summary>The name of the presence property of day <paramref name="dayOfMonth"/> (<c>D01</c>..<c>D31</c>).</summary>
    public static string DayProperty(int dayOfMonth) => "D" + dayOfMonth.ToString("00", CultureInfo.InvariantCulture);
}
