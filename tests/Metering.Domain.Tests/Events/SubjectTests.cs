using Metering.Domain.Events;

namespace Metering.Domain.Tests.Events;

/// <summary>A subject is opaque text: kept exactly as sent and ordered by UTF-16 code unit (docs/events.md, docs/invoices.md).</summary>
public sealed class SubjectTests
{
    [Theory]
    [InlineData("Zoë", "bob")] // upper case before lower case
    [InlineData("bob", "zoë")]
    [InlineData("u/1", "u1")] // '/' (U+002F) before '1' (U+0031)
    [InlineData("a", "a ")] // a prefix first
    [InlineData("\U0001F600", "\uFFFD")] // a surrogate pair (D83D) before U+FFFD: code units, not scalar values
    public void Subjects_Order_By_UTF16_Code_Unit(string first, string second)
    {
        Assert.True(new Subject(first).CompareTo(new Subject(second)) < 0);
        Assert.True(new Subject(second).CompareTo(new Subject(first)) > 0);
    }

    [Fact]
    public void Subjects_Are_Equal_Only_When_Their_Text_Is_The_Same_Code_Units_Never_After_Normalisation_Or_Case_Folding()
    {
        Assert.Equal(new Subject("bob/b#2?%\\ zoë"), new Subject("bob/b#2?%\\ zoë"));
        Assert.NotEqual(new Subject("zo\u00EB"), new Subject("zoe\u0308")); // composed and decomposed ë
        Assert.NotEqual(new Subject("Bob"), new Subject("bob"));
    }

    [Fact]
    public void A_Subject_Reads_As_Sent()
    {
        Assert.Equal("bob/b#2?%\\ zoë", new Subject("bob/b#2?%\\ zoë").ToString());
        Assert.Equal("tenant acme: u/1", $"tenant acme: {new Subject("u/1")}");
    }

    [Fact]
    public void A_Subject_Is_Never_Empty()
    {
        Assert.Throws<ArgumentException>(() => new Subject(""));
        Assert.Throws<ArgumentNullException>(() => new Subject(null!));
    }
}
