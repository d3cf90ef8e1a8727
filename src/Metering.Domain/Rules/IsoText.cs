using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Rules;

/// <summary>
/// The one place where dates, months and instants become text for evidence, anomalies and policies: ISO 8601,
/// instants in UTC, so that the same measurement always prints the same characters.
/// </summary>
internal static class IsoText
{
    public static string Of(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Of(YearMonth month) => YearMonthPattern.Iso.Format(month);

    public static string Of(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static string Of(DateInterval days) => $"{Of(days.Start)} to {Of(days.End)}";
}
