using Metering.Domain.Rules;
using Metering.Domain.Tests.Support;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Tests.Windows;

public class BillingWindowTests
{
    [Theory]
    [InlineData("Europe/Paris", "2025-03-30", "2025-03-30", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", 23)]
    [InlineData("Europe/Paris", "2025-03-01", "2025-03-31", "2025-02-28T23:00:00Z", "2025-03-31T22:00:00Z", 743)]
    [InlineData("Europe/Paris", "2025-10-26", "2025-10-26", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z", 25)]
    [InlineData("America/Santiago", "2025-09-07", "2025-09-07", "2025-09-07T04:00:00Z", "2025-09-08T03:00:00Z", 23)]
    [InlineData("America/Santiago", "2025-04-05", "2025-04-05", "2025-04-05T03:00:00Z", "2025-04-06T04:00:00Z", 25)]
    [InlineData("America/Havana", "2025-03-09", "2025-03-09", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z", 23)]
    [InlineData("Asia/Beirut", "2025-03-30", "2025-03-30", "2025-03-29T22:00:00Z", "2025-03-30T21:00:00Z", 23)]
    [InlineData("UTC", "2024-02-29", "2024-02-29", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z", 24)]
    public void Instants_Run_From_The_First_Local_Instant_Of_The_First_Day_To_That_Of_The_Day_After_The_Last(
        string zone, string first, string last, string start, string end, int hours)
    {
        var window = Window(zone, first, last);

        Assert.Equal(Scenario.Utc(start), window.Instants.Start);
        Assert.Equal(Scenario.Utc(end), window.Instants.End);
        Assert.Equal(Duration.FromHours(hours), window.Instants.Duration);
    }

    [Fact]
    public void A_Day_Whose_Midnight_Does_Not_Exist_Starts_At_One_In_The_Morning()
    {
        // Santiago skips from 00:00 to 01:00 on 7 September 2025: the local day begins at 01:00 (UTC-3).
        var window = Window("America/Santiago", "2025-09-07", "2025-09-07");

        Assert.Equal(new LocalTime(1, 0), window.Instants.Start.InZone(window.Zone).TimeOfDay);
    }

    [Theory]
    [InlineData("2025-03-01", "2025-03-31", "2025-03-01_2025-03-31")]
    [InlineData("2024-02-29", "2025-02-27", "2024-02-29_2025-02-27")]
    [InlineData("0999-12-31", "1000-01-01", "0999-12-31_1000-01-01")]
    public void Id_Is_The_First_And_Last_Day_In_Iso_Form(string first, string last, string id) =>
        Assert.Equal(id, Window("UTC", first, last).Id);

    private static BillingWindow Window(string zone, string first, string last) =>
        new(WindowSchemeKind.CalendarMonth, new DateInterval(Scenario.Day(first), Scenario.Day(last)), DateTimeZoneProviders.Tzdb[zone], [], null, false);
}
