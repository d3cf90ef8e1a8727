using CsCheck;
using Metering.Storage.Keys;

namespace Metering.Storage.Tests.Keys;

public sealed class KeyEncodingTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData(@"domain\user", "domain%5Cuser")]
    [InlineData("#tag?q", "%23tag%3Fq")]
    [InlineData("100%", "100%25")]
    [InlineData("a|b", "a%7Cb")]
    [InlineData("first last", "first last")]
    [InlineData("Zoë ユーザー 😀", "Zoë ユーザー 😀")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("del\u007Fc1\u0085", "del%7Fc1%85")]
    [InlineData("%2F", "%252F")]
    [InlineData("o',brien", "o%27,brien")]
    public void Hostile_Characters_Are_Escaped_And_Everything_Else_Kept(string text, string encoded)
    {
        Assert.Equal(encoded, KeyEncoding.Encode(text));
        Assert.Equal(text, KeyEncoding.Decode(encoded));
    }

    [Fact]
    public void Encoding_Round_Trips_Any_String()
    {
        Gen.String[Gen.Char, 0, 300].Sample(text => KeyEncoding.Decode(KeyEncoding.Encode(text)) == text, iter: 5_000);
    }

    [Fact]
    public void Encoded_Text_Holds_No_Character_Table_Keys_Forbid_Nor_The_Separator()
    {
        Gen.String[Gen.Char, 0, 300].Sample(
            text => KeyEncoding.Encode(text).All(c => c is not ('/' or '\\' or '#' or '?' or '|' or '\'') && !char.IsControl(c)),
            iter: 5_000);
    }

    [Fact]
    public void A_256_Character_Subject_Of_Escaped_Characters_Stays_Under_The_Key_Limit()
    {
        var encoded = KeyEncoding.Encode(new string('/', 256));
        Assert.Equal(768, encoded.Length);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%2")]
    [InlineData("%zz")]
    [InlineData("%41")]
    [InlineData("a/b")]
    [InlineData("%2f")]
    public void Text_That_Encode_Cannot_Produce_Is_Rejected(string encoded)
    {
        Assert.Throws<FormatException>(() => KeyEncoding.Decode(encoded));
    }
}
