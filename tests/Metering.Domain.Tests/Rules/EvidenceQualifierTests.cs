using Metering.Domain.Rules;
using NodaTime;

namespace Metering.Domain.Tests.Rules;

/// <summary>What qualified a unit: a local day or an instant, written as ISO text and ordered by that text.</summary>
public sealed class EvidenceQualifierTests
{
    [Fact]
    public void A_Day_And_An_Instant_Read_Back_From_Their_Text()
    {
        var day = EvidenceQualifier.OnDay(new LocalDate(2024, 2, 29));
        var instant = EvidenceQualifier.At(Instant.FromUtc(2025, 3, 30, 1, 0, 0) + Duration.FromMilliseconds(250));

        Assert.Equal("2024-02-29", day.Text);
        Assert.Equal("2025-03-30T01:00:00.25Z", instant.Text);
        Assert.Equal(day, EvidenceQualifier.Parse(day.Text));
        Assert.Equal(instant, EvidenceQualifier.Parse(instant.Text));
        Assert.Equal(new LocalDate(2024, 2, 29), EvidenceQualifier.Parse("2024-02-29").Day);
        Assert.Null(EvidenceQualifier.Parse("2024-02-29").Instant);
    }

    [Theory]
    [InlineData("2025-03-01", "2025-03-01T00:00:00Z")] // a day before an instant of that day: its text is a prefix
    [InlineData("2025-03-01T23:00:00Z", "2025-03-02")]
    [InlineData("2025-03-09", "2025-03-10")]
    public void Qualifiers_Order_By_Their_ISO_Text(string first, string second)
    {
        Assert.True(EvidenceQualifier.Parse(first).CompareTo(EvidenceQualifier.Parse(second)) < 0);
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    [Theory]
    [InlineData("2025-02-29")]
    [InlineData("2025-03-01T00:00:00+01:00")]
    [InlineData("March")]
    public void Other_Text_Is_Not_A_Qualifier(string text)
    {
        Assert.Throws<FormatException>(() => EvidenceQualifier.Parse(text));
    }
}
