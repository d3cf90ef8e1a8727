using System.Text;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Tests.Events;

public sealed class UriReferenceTests
{
    [Theory]
    [InlineData("/apps/lms")]
    [InlineData("apps/lms")]
    [InlineData("lms")]
    [InlineData("./lms")]
    [InlineData("//host.example/app")]
    [InlineData("https://lms.example.com/app")]
    [InlineData("https://user@lms.example.com:8443/app?tenant=acme&x=1#frag")]
    [InlineData("http://[::1]:8080/app")]
    [InlineData("urn:vendor:lms:eu")]
    [InlineData("mailto:ops@example.com")]
    [InlineData("/apps/caf%C3%A9")]
    [InlineData("/apps/lms?q=a:b/c?d")]
    [InlineData("/apps/it's-(fine)!*+,;=$~")]
    [InlineData("#only-a-fragment")]
    [InlineData("?only-a-query")]
    public void Accepts_Uri_References(string text)
    {
        Assert.True(UriReference.IsValid(Encoding.UTF8.GetBytes(text)), text);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/apps/my lms", "space")]
    [InlineData("/apps/café", "non-ASCII (an IRI, not a URI)")]
    [InlineData("/apps/\u0001", "control character")]
    [InlineData("/apps/\"lms\"", "double quote")]
    [InlineData("/apps/<lms>", "angle brackets")]
    [InlineData("/apps\\lms", "backslash")]
    [InlineData("/apps/{lms}", "braces")]
    [InlineData("/apps/l|ms", "vertical bar")]
    [InlineData("/apps/lms^2", "caret")]
    [InlineData("/apps/`lms`", "backtick")]
    [InlineData("/apps/%zz", "percent without hex digits")]
    [InlineData("/apps/%4", "truncated percent escape")]
    [InlineData("a#b#c", "two fragments")]
    [InlineData("1app:lms", "scheme starting with a digit")]
    [InlineData(":lms", "empty scheme")]
    [InlineData("my_app:lms", "underscore in scheme (or a colon in a relative first segment)")]
    [InlineData("/apps/[lms]", "brackets outside the authority")]
    [InlineData("http://[::1/app", "unclosed IP literal")]
    [InlineData("http://host[1]/app", "brackets not around the host")]
    public void Rejects_What_Is_Not_A_Uri_Reference(string text, string why)
    {
        Assert.False(UriReference.IsValid(Encoding.UTF8.GetBytes(text)), why);
    }
}
