using System.Text;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Storage.Keys;
using NodaTime;

namespace Metering.Storage.Tests.Keys;

public sealed class TableKeysTests
{
    [Fact]
    public void A_Short_Part_Is_Its_Plain_Encoding()
    {
        Assert.Equal("user.login;deployment=cloud|a%2Fb", TableKeys.PresenceRow(new ActivityKind("user.login", Deployment: "cloud"), "a/b"));
    }

    [Theory]
    [InlineData(256, "/")]
    [InlineData(256, "é")]
    [InlineData(128, "😀")]
    public void The_Longest_Subjects_Give_Row_Keys_Within_512_Characters_And_1_KiB(int repeat, string unitText)
    {
        var unit = string.Concat(Enumerable.Repeat(unitText, repeat));
        var kind = new ActivityKind("meeting.hosted", "on-premises", new string('%', 64), false, new string('|', 64));

        var presence = TableKeys.PresenceRow(kind, unit);
        var fact = TableKeys.FactRow(FactFamily.AccessId, unit, new LocalDate(2024, 2, 29), "0123456789abcdef-001");

        Assert.All(new[] { presence, fact }, key =>
        {
            Assert.True(key.Length <= 512, key);
            Assert.True(Encoding.UTF8.GetByteCount(key) <= 1024, key);
            Assert.Contains("%~", key, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Cut_Parts_Of_Texts_With_A_Common_Prefix_Differ()
    {
        var common = new string('/', 300);

        Assert.NotEqual(TableKeys.BoundedPart(common + "a", 340), TableKeys.BoundedPart(common + "b", 340));
    }

    [Fact]
    public void A_Cut_Part_Cannot_Equal_The_Encoding_Of_Any_Text()
    {
        var cut = TableKeys.BoundedPart(new string('#', 300), 340);

        Assert.Throws<FormatException>(() => KeyEncoding.Decode(cut));
    }

    [Theory]
    [InlineData("2024-02-29", "20240229")]
    [InlineData("0999-01-01", "09990101")]
    public void Days_Are_Eight_Digits_So_That_Keys_Sort_By_Time(string iso, string key)
    {
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;

        Assert.Equal(key, TableKeys.Day(day));
        Assert.Equal(day, TableKeys.ParseDay(key));
    }
}
