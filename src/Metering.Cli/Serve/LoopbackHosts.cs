using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Metering.Cli.Serve;

/// <summary>
/// The Host headers <c>metering serve</c> answers: a loopback name or address (<c>localhost</c>,
/// <c>127.x.x.x</c>, <c>[::1]</c>), with no port or the port the request came in on. Listening on loopback is not
/// enough on its own: a browser page on any site can have its name resolve to 127.0.0.1 (DNS rebinding) and post
/// here, but it then sends its own name as Host, which this refuses.
/// </summary>
public static class LoopbackHosts
{
    /// <summary>Whether a request with Host <paramref name="host"/> that arrived on <paramref name="localPort"/> is served.</summary>
    public static bool IsServed(HostString host, int localPort)
    {
        if (!host.HasValue || host.Value.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        if (host.Port is { } port && port != localPort)
        {
            return false;
        }

        var name = host.Host;
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            return IPAddress.TryParse(name[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && IPAddress.IsLoopback(v6);
        }

        // Only the dotted four-part form: IPAddress also reads "127.1" and "2130706433", which no client writes as a Host.
        return name.Count(c => c == '.') == 3
            && IPAddress.TryParse(name, out var v4)
            && v4.AddressFamily == AddressFamily.InterNetwork
            && IPAddress.IsLoopback(v4);
    }
}
