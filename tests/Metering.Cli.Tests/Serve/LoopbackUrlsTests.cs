using System.Net;
using Metering.Cli.Serve;

namespace Metering.Cli.Tests.Serve;

public sealed class LoopbackUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("http://127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("http://127.5.6.7:9000/", "127.5.6.7", 9000)]
    [InlineData("http://[::1]:0", "::1", 0)]
    [InlineData("http://localhost:5000", "127.0.0.1", 5000)]
    [InlineData("http://127.0.0.1", "127.0.0.1", 80)]
    public void Loopback_Urls_Are_Bound_With_Their_Port_And_Port_0_Stays_0(string url, string address, int port)
    {
        var (endpoints, problems) = LoopbackUrls.Parse([url]);

        Assert.Empty(problems);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), Assert.Single(endpoints));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "not a loopback address")]
    [InlineData("http://192.168.1.10:8080", "not a loopback address")]
    [InlineData("http://[::]:8080", "not a loopback address")]
    [InlineData("http://example.com:8080", "not a loopback address")]
    [InlineData("https://127.0.0.1:8443", "not an http:// URL")]
    [InlineData("127.0.0.1:8080", "not an http:// URL")]
    [InlineData("http://127.0.0.1:8080/events", "only a host and a port")]
    public void Anything_But_Plain_Http_On_Loopback_Is_Refused(string url, string problem)
    {
        var (endpoints, problems) = LoopbackUrls.Parse([url]);

        Assert.Empty(endpoints);
        Assert.Contains(problem, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_Urls_Separated_By_Semicolons_Are_All_Bound()
    {
        var (endpoints, problems) = LoopbackUrls.Parse(["http://127.0.0.1:0;http://[::1]:0"]);

        Assert.Empty(problems);
        Assert.Equal(2, endpoints.Count);
    }
}
