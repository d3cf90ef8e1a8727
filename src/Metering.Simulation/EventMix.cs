namespace Metering.Simulation;

/// <summary>Which kinds of telemetry a simulated tenant's apps send (the catalog of docs/events.md, by group).</summary>
[Flags]
public enum EventMix
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Logins and activity (<c>user.login</c>, <c>user.activity</c>, <c>app.launched</c>, <c>profile.updated</c>, <c>data.accessed</c>).</summary>
    Activity = 1,

    /// <summary><c>meeting.hosted</c> with origins, spaces, scheduling and deployments.</summary>
    Meetings = 2,

    /// <summary>Licences (<c>license.*</c>) and <c>content.opened</c>.</summary>
    Content = 4,

    /// <summary>Sessions with heartbeats (<c>session.*</c>).</summary>
    Sessions = 8,

    /// <summary>User lifecycle: creations, updates, activations, suspensions, deletions, re-creations, roles.</summary>
    Lifecycle = 16,

    /// <summary><c>seat.assigned</c> and <c>seat.released</c>.</summary>
    Seats = 32,

    /// <summary><c>credential.enabled</c> and <c>credential.disabled</c>.</summary>
    Credentials = 64,

    /// <summary>Enrolments and course visibility.</summary>
    Enrolments = 128,

    /// <summary>Endpoint protection heartbeats.</summary>
    Endpoints = 256,

    /// <summary>Access-ID assignments.</summary>
    AccessIds = 512,

    /// <summary>Organisation headcounts, on the first day and on each first of the month.</summary>
    Headcount = 1024,

    /// <summary>Everything.</summary>
    All = Activity | Meetings | Content | Sessions | Lifecycle | Seats | Credentials | Enrolments | Endpoints | AccessIds | Headcount,
}
