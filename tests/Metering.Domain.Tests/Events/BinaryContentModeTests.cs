using System.Text;
using System.Text.Json;
using Metering.Domain.Events;

namespace Metering.Domain.Tests.Events;

public sealed class BinaryContentModeTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("zo%C3%AB", "zoë")]
    [InlineData("zo%c3%ab", "zoë")]
    [InlineData("Euro%20%E2%82%AC%20%F0%9F%98%80", "Euro € 😀")]
    [InlineData("100%25", "100%")]
    [InlineData("%61lice", "alice")]
    [InlineData("100%", "100%")]
    [InlineData("50%-off", "50%-off")]
    [InlineData("%4", "%4")]
    [InlineData("already decoded: zoë", "already decoded: zoë")]
    public void A_Header_Value_Is_Percent_Decoded_Once_As_Utf8(string header, string attribute)
    {
        Assert.Equal(attribute, BinaryContentMode.PercentDecode(header));
    }

    [Theory]
    [InlineData("\"bob smith\"", "bob smith")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"zo%C3%AB\"", "zoë")]
    [InlineData("\"\"", "")]
    [InlineData("\"a\"b\"", "\"a\"b\"")]
    [InlineData("\"ends in a backslash\\\"", "\"ends in a backslash\\\"")]
    [InlineData("\"unterminated", "\"unterminated")]
    [InlineData("\"", "\"")]
    public void A_Quoted_String_From_An_Older_Sender_Is_Unquoted_Before_Percent_Decoding(string header, string attribute)
    {
        Assert.Equal(attribute, BinaryContentMode.PercentDecode(header));
    }

    [Theory]
    [InlineData("%C0%A0", "overlong encoding of a space (the binding's own example)")]
    [InlineData("%E6%9D", "truncated three-octet sequence")]
    [InlineData("%FF", "octet that never occurs in UTF-8")]
    [InlineData("%ED%A0%80", "encoded surrogate")]
    [InlineData("\"%C0%A0\"", "overlong encoding inside a quoted string")]
    public void Percent_Encoded_Octets_That_Are_Not_Utf8_Are_Rejected(string header, string why)
    {
        Assert.True(BinaryContentMode.PercentDecode(header) is null, why);
    }

    [Fact]
    public void A_Json_Body_Becomes_Data_And_Any_Other_Body_Becomes_Data_Base64()
    {
        var attributes = new List<KeyValuePair<string, JsonElement>> { new("id", BinaryContentMode.Text("1")) };

        var json = Structured(attributes, "application/json; charset=utf-8", "{\"deployment\":\"cloud\"}");
        var untyped = Structured(attributes, null, "{\"deployment\":\"cloud\"}");
        var text = Structured(attributes, "text/plain", "hello");
        var brokenJson = Structured(attributes, "application/json", "{\"deployment\":");
        var empty = Structured(attributes, "text/plain", "");

        Assert.Equal("cloud", json.GetProperty("data").GetProperty("deployment").GetString());
        Assert.Equal("application/json; charset=utf-8", json.GetProperty("datacontenttype").GetString());
        Assert.Equal("cloud", untyped.GetProperty("data").GetProperty("deployment").GetString());
        Assert.False(untyped.TryGetProperty("datacontenttype", out _));
        Assert.Equal("hello"u8.ToArray(), text.GetProperty("data_base64").GetBytesFromBase64());
        Assert.Equal("{\"deployment\":"u8.ToArray(), brokenJson.GetProperty("data_base64").GetBytesFromBase64());
        Assert.Equal(["id", "datacontenttype"], empty.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_Attribute_Given_Twice_Is_Written_Twice_For_The_Parser_To_Reject()
    {
        var attributes = new List<KeyValuePair<string, JsonElement>>
        {
            new("subject", BinaryContentMode.Text("alice")),
            new("subject", BinaryContentMode.Text("bob")),
        };

        var body = Encoding.UTF8.GetString(BinaryContentMode.ToStructured(attributes, null, default));

        Assert.Equal("{\"subject\":\"alice\",\"subject\":\"bob\"}", body);
    }

    private static JsonElement Structured(IReadOnlyList<KeyValuePair<string, JsonElement>> attributes, string? contentType, string body) =>
        JsonDocument.Parse(BinaryContentMode.ToStructured(attributes, contentType, Encoding.UTF8.GetBytes(body))).RootElement;
}
