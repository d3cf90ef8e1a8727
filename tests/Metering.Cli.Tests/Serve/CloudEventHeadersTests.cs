using System.Text;
using Metering.Cli.Serve;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Metering.Cli.Tests.Serve;

/// <summary>How <c>metering serve</c> reads the <c>ce-*</c> headers of a binary-mode request.</summary>
public sealed class CloudEventHeadersTests
{
    [Theory]
    [InlineData("ce-subject", true)]
    [InlineData("CE-Subject", true)]
    [InlineData("ce-tenantid", true)]
    [InlineData("ce-", false)]
    [InlineData("content-type", false)]
    [InlineData("x-ce-subject", false)]
    public void Only_Ce_Headers_Are_Read_Octet_For_Octet(string header, bool latin1)
    {
        Assert.Equal(latin1 ? Encoding.Latin1 : null, CloudEventHeaders.HeaderEncoding(header));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("zo\u00EB", "zoë")]
    [InlineData("zo\u00C3\u00AB", "zoë")]
    [InlineData("\u00E6\u009D\u00B1\u00E4\u00BA\u00AC", "東京")]
    [InlineData("caf\u00E9 \u00E0 la cr\u00E8me", "café à la crème")]
    [InlineData("東京", "東京")]
    public void Header_Octets_Are_Utf8_When_They_Are_Utf8_And_Latin1_Otherwise(string octets, string text)
    {
        Assert.Equal(text, CloudEventHeaders.TextOf(octets));
    }

    [Fact]
    public void Every_Ce_Header_Is_An_Attribute_Percent_Decoded_And_A_Repeated_One_Is_Given_Twice()
    {
        var headers = new HeaderDictionary
        {
            ["ce-specversion"] = "1.0",
            ["CE-ID"] = "e1",
            ["ce-subject"] = new StringValues(["alice", "bob"]),
            ["ce-tenantid"] = "acme",
            ["ce-comment"] = "zo%C3%AB%20100%25",
            ["content-type"] = "text/plain",
            ["x-request-id"] = "42",
        };

        var (attributes, undecodable) = CloudEventHeaders.Read(headers);

        Assert.Empty(undecodable);
        Assert.Equal(
            [("specversion", "1.0"), ("id", "e1"), ("subject", "alice"), ("subject", "bob"), ("tenantid", "acme"), ("comment", "zoë 100%")],
            attributes.Select(a => (a.Key, a.Value.GetString())));
    }

    [Fact]
    public void A_Header_Whose_Percent_Encoded_Octets_Are_Not_Utf8_Is_Named_And_Gives_No_Attribute()
    {
        var headers = new HeaderDictionary { ["ce-specversion"] = "1.0", ["ce-subject"] = "%C0%A0" };

        var (attributes, undecodable) = CloudEventHeaders.Read(headers);

        Assert.Equal(["ce-subject"], undecodable);
        Assert.Equal(["specversion"], attributes.Select(a => a.Key));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("text/plain", true)]
    [InlineData(null, true)]
    [InlineData("application/x-ndjson", true)]
    [InlineData("application/cloudevents+json", false)]
    [InlineData("Application/CloudEvents+JSON; charset=utf-8", false)]
    [InlineData("application/cloudevents-batch+json", false)]
    public void A_Ce_Specversion_Header_Announces_Binary_Mode_Unless_The_Content_Type_Is_A_CloudEvents_Format(string? contentType, bool binary)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Headers["ce-specversion"] = "1.0";
        var without = new DefaultHttpContext();
        without.Request.ContentType = contentType;
        without.Request.Headers["ce-id"] = "e1";

        Assert.Equal(binary, CloudEventHeaders.AnnounceBinaryMode(context.Request));
        Assert.False(CloudEventHeaders.AnnounceBinaryMode(without.Request));
    }
}
