using Metering.Cli.Serve;
using Microsoft.AspNetCore.Http;

namespace Metering.Cli.Tests.Serve;

/// <summary>Which Host headers <c>metering serve</c> answers on port 8080.</summary>
public sealed class LoopbackHostsTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:8080")]
    [InlineData("LocalHost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("127.3.2.1:8080")]
    [InlineData("[::1]")]
    [InlineData("[::1]:8080")]
    public void A_Loopback_Name_Or_Address_With_No_Port_Or_The_Bound_Port_Is_Served(string host) =>
        Assert.True(LoopbackHosts.IsServed(new HostString(host), 8080));

    [Theory]
    [InlineData("")]
    [InlineData("evil.example")]
    [InlineData("evil.example:8080")]
    [InlineData("localhost.evil.example:8080")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost:8081")]
    [InlineData("127.0.0.1:80")]
    [InlineData("10.0.0.1:8080")]
    [InlineData("0.0.0.0:8080")]
    [InlineData("[::]:8080")]
    [InlineData("[::ffff:10.0.0.1]:8080")]
    [InlineData("127.1:8080")]
    [InlineData("2130706433:8080")]
    [InlineData("localhost, evil.example")]
    public void Any_Other_Name_Address_Or_Port_Is_Refused(string host) =>
        Assert.False(LoopbackHosts.IsServed(new HostString(host), 8080));
}
