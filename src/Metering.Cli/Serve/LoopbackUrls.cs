using System.Globalization;
using System.Net;

namespace Metering.Cli.Serve;

/// <summary>
/// The addresses <c>metering serve</c> may listen on: plain HTTP on the loopback interface only
/// (<c>127.0.0.0/8</c>, <c>[::1]</c>, <c>localhost</c>), because the endpoint has no authentication: anything that
/// can reach it can write events for every registered source. Port 0 asks the system for a free port.
/// </summary>
public static class LoopbackUrls
{
    /// <summary>The endpoints to bind, or every problem with <paramref name="urls"/>.</summary>
    public static (IReadOnlyList<IPEndPoint> Endpoints, IReadOnlyList<string> Problems) Parse(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var endpoints = new List<IPEndPoint>();
        var problems = new List<string>();
        foreach (var text in urls.SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                problems.Add($"--urls: '{text}' is not an http:// URL such as {ServeOptions.DefaultUrl}.");
                continue;
            }

            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                problems.Add($"--urls: '{text}' must name only a host and a port.");
                continue;
            }

            var port = PortOf(text, uri);
            var address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns
                ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (address is null || !IPAddress.IsLoopback(address))
            {
                problems.Add($"--urls: '{text}' is not a loopback address; serve listens on 127.0.0.1, [::1] or localhost only (it has no authentication).");
                continue;
            }

            endpoints.Add(new IPEndPoint(address, port));
        }

        if (endpoints.Count == 0 && problems.Count == 0)
        {
            problems.Add("--urls: no address given.");
        }

        return (endpoints, problems);
    }

    // Uri reports the scheme's default port when none is written, and -1 never; "http://127.0.0.1:0" must stay 0.
    private static int PortOf(string text, Uri uri)
    {
        var authority = text[(text.IndexOf("//", StringComparison.Ordinal) + 2)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : uri.Port;
    }
}
