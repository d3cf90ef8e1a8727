namespace Metering.Domain.Events;

/// <summary>The groups of the event catalog (docs/events.md).</summary>
public enum EventGroup
{
    /// <summary><c>user.activity</c>, <c>user.login</c>, <c>app.launched</c>, <c>profile.updated</c>, <c>data.accessed</c>.</summary>
    Activity,

    /// <summary><c>meeting.hosted</c>.</summary>
    Meetings,

    /// <summary><c>content.opened</c>.</summary>
    Content,

    /// <summary><c>session.started</c>, <c>session.heartbeat</c>, <c>session.ended</c>.</summary>
    Sessions,

    /// <summary>The user lifecycle: created, updated, activated, deactivated, suspended, unsuspended, deleted.</summary>
    UserState,

    /// <summary>Roles, seats and login credentials of a user.</summary>
    RolesSeatsLogins,

    /// <summary>Content licences of a user.</summary>
    Licences,

    /// <summary>Course enrolments of a user, and course visibility.</summary>
    Learning,

    /// <summary>Protected endpoints.</summary>
    Endpoints,

    /// <summary>Access-ID codes assigned to users.</summary>
    AccessIds,

    /// <summary>Organisation headcounts.</summary>
    Organisation,
}
