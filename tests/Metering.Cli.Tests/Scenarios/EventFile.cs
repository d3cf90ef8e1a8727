using System.Globalization;
using Metering.Testing.Events;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// An NDJSON file of CloudEvents as a vendor app would send them, written in the contract's words. Event ids count
/// up from a start of the file's own, so that two files never share an id unless a test re-sends an event on purpose.
/// </summary>
internal sealed class EventFile(string tenant = "acme", string source = EventFile.Source, int firstId = 1)
{
    public const string Source = "app://vendor";

    private readonly List<byte[]> _bodies = [];
    private int _next = firstId;

    public IReadOnlyList<byte[]> Bodies => _bodies;

    public EventFile Add(string type, string subject, string time, string? data = null, string? inTenant = null)
    {
        var id = (_next++).ToString(CultureInfo.InvariantCulture);
        _bodies.Add(CloudEvents.Body(id, source, inTenant ?? tenant, type, subject, time, data));
        return this;
    }

    /// <summary>An event exactly as an earlier file sent it (same id and body): a re-send.</summary>
    public EventFile Resend(byte[] body)
    {
        _bodies.Add(body);
        return this;
    }

    public EventFile Login(string user, string time, string? inTenant = null) => Add("user.login", user, time, null, inTenant);

    public EventFile Created(string user, string time, string? data = null) => Add("user.created", user, time, data);

    public EventFile Hosted(string host, string time, string origin = "meetings", bool scheduled = true, string? space = "group", string? deployment = null, string? inTenant = null)
    {
        var spaceJson = space is null ? "null" : $"\"{space}\"";
        var deploymentJson = deployment is null ? string.Empty : $",\"deployment\":\"{deployment}\"";
        return Add("meeting.hosted", host, time, $"{{\"origin\":\"{origin}\",\"scheduled\":{(scheduled ? "true" : "false")},\"space\":{spaceJson}{deploymentJson}}}", inTenant);
    }

    public string Ndjson() => CloudEvents.Ndjson(_bodies);
}
