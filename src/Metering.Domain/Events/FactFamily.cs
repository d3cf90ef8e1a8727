namespace Metering.Domain.Events;

/// <summary>
/// What the subject of a state or session event names, and so which timeline its fact belongs to.
/// Facts of one family and one unit form one timeline.
/// </summary>
public enum FactFamily
{
    /// <summary>A user: lifecycle, roles, seats, credentials, licences, enrolments, opened content.</summary>
    User,

    /// <summary>A course: its visibility.</summary>
    Course,

    /// <summary>An endpoint: protected or not.</summary>
    Endpoint,

    /// <summary>An access-ID code: the user it is assigned to.</summary>
    AccessId,

    /// <summary>An organisation: its headcounts.</summary>
    Organisation,

    /// <summary>A user's sessions (kept apart: high volume, read only for the window's months).</summary>
    Session,
}
