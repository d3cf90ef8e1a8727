using Metering.Domain.Closing;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Closing;

/// <summary>
/// SPEC 6 and docs/closing.md: a window closes at local midnight of the day that follows its last day by the grace days
/// and one more (2 grace days by default: a March window closes at the start of 3 April), in its billing zone.
/// </summary>
public sealed class ClosePolicyTests
{
    [Theory]
    [InlineData("Europe/Paris", "2025-03-01", "2025-03-31", 2, "2025-04-02T22:00:00Z")] // 3 April, 00:00 summer time
    [InlineData("Europe/Paris", "2025-03-01", "2025-03-31", 0, "2025-03-31T22:00:00Z")] // no grace: 1 April
    [InlineData("Europe/Paris", "2025-02-01", "2025-02-28", 2, "2025-03-02T23:00:00Z")] // 3 March, 00:00 winter time
    [InlineData("UTC", "2024-02-01", "2024-02-29", 2, "2024-03-03T00:00:00Z")] // a leap month
    [InlineData("Pacific/Kiritimati", "2025-03-01", "2025-03-31", 2, "2025-04-02T10:00:00Z")] // UTC+14
    [InlineData("America/Sao_Paulo", "2018-10-01", "2018-11-01", 2, "2018-11-04T03:00:00Z")] // 4 November 2018 began at 01:00
    [InlineData("UTC", "2025-01-01", "2025-12-31", 30, "2026-01-31T00:00:00Z")]
    public void A_Window_Closes_At_Local_Midnight_After_Its_Grace_Days(string zone, string first, string last, int graceDays, string closesAt)
    {
        var window = Window(zone, first, last);

        Assert.Equal(InstantPattern.ExtendedIso.Parse(closesAt).Value, ClosePolicy.ClosesAt(window, graceDays));
    }

    [Fact]
    public void Negative_Grace_Days_Are_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosePolicy.ClosesAt(Window("UTC", "2025-03-01", "2025-03-31"), -1));
    }

    private static BillingWindow Window(string zone, string first, string last) =>
        new(
            WindowSchemeKind.CalendarMonth,
            new DateInterval(LocalDatePattern.Iso.Parse(first).Value, LocalDatePattern.Iso.Parse(last).Value),
            DateTimeZoneProviders.Tzdb[zone],
            [],
            null,
            false);
}
