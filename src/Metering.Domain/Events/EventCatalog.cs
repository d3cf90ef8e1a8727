using System.Collections.Frozen;

namespace Metering.Domain.Events;

/// <summary>
/// The catalog of accepted event types (docs/events.md). A type outside it is rejected with
/// <see cref="RejectionReason.UnknownType"/>, never ignored.
/// </summary>
public static class EventCatalog
{
#pragma warning disable CS1591 // Each constant is the catalogued type name it is named after; a doc comment would repeat it.
    public const string UserActivity = "user.activity";
    public const string UserLogin = "user.login";
    public const string AppLaunched = "app.launched";
    public const string ProfileUpdated = "profile.updated";
    public const string DataAccessed = "data.accessed";
    public const string MeetingHosted = "meeting.hosted";
    public const string ContentOpened = "content.opened";
    public const string SessionStarted = "session.started";
    public const string SessionHeartbeat = "session.heartbeat";
    public const string SessionEnded = "session.ended";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserActivated = "user.activated";
    public const string UserDeactivated = "user.deactivated";
    public const string UserSuspended = "user.suspended";
    public const string UserUnsuspended = "user.unsuspended";
    public const string UserDeleted = "user.deleted";
    public const string RoleGranted = "role.granted";
    public const string RoleRevoked = "role.revoked";
    public const string SeatAssigned = "seat.assigned";
    public const string SeatReleased = "seat.released";
    public const string CredentialEnabled = "credential.enabled";
    public const string CredentialDisabled = "credential.disabled";
    public const string LicenseGranted = "license.granted";
    public const string LicenseRevoked = "license.revoked";
    public const string LicenseExpired = "license.expired";
    public const string EnrollmentCreated = "enrollment.created";
    public const string EnrollmentSuspended = "enrollment.suspended";
    public const string EnrollmentResumed = "enrollment.resumed";
    public const string EnrollmentDeleted = "enrollment.deleted";
    public const string CourseVisibility = "course.visibility";
    public const string EndpointProtected = "endpoint.protected";
    public const string EndpointUnprotected = "endpoint.unprotected";
    public const string AccessIdAssigned = "accessid.assigned";
    public const string AccessIdRevoked = "accessid.revoked";
    public const string OrgHeadcount = "org.headcount";
#pragma warning restore CS1591

    private static readonly EventType[] Types =
    [
        new(UserActivity, EventGroup.Activity, true, null),
        new(UserLogin, EventGroup.Activity, true, null),
        new(AppLaunched, EventGroup.Activity, true, null),
        new(ProfileUpdated, EventGroup.Activity, true, null),
        new(DataAccessed, EventGroup.Activity, true, null),
        new(MeetingHosted, EventGroup.Meetings, true, null),
        new(ContentOpened, EventGroup.Content, true, FactFamily.User),
        new(SessionStarted, EventGroup.Sessions, false, FactFamily.Session),
        new(SessionHeartbeat, EventGroup.Sessions, false, FactFamily.Session),
        new(SessionEnded, EventGroup.Sessions, false, FactFamily.Session),
        new(UserCreated, EventGroup.UserState, false, FactFamily.User),
        new(UserUpdated, EventGroup.UserState, false, FactFamily.User),
        new(UserActivated, EventGroup.UserState, false, FactFamily.User),
        new(UserDeactivated, EventGroup.UserState, false, FactFamily.User),
        new(UserSuspended, EventGroup.UserState, false, FactFamily.User),
        new(UserUnsuspended, EventGroup.UserState, false, FactFamily.User),
        new(UserDeleted, EventGroup.UserState, false, FactFamily.User),
        new(RoleGranted, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(RoleRevoked, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(SeatAssigned, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(SeatReleased, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(CredentialEnabled, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(CredentialDisabled, EventGroup.RolesSeatsLogins, false, FactFamily.User),
        new(LicenseGranted, EventGroup.Licences, false, FactFamily.User),
        new(LicenseRevoked, EventGroup.Licences, false, FactFamily.User),
        new(LicenseExpired, EventGroup.Licences, false, FactFamily.User),
        new(EnrollmentCreated, EventGroup.Learning, false, FactFamily.User),
        new(EnrollmentSuspended, EventGroup.Learning, false, FactFamily.User),
        new(EnrollmentResumed, EventGroup.Learning, false, FactFamily.User),
        new(EnrollmentDeleted, EventGroup.Learning, false, FactFamily.User),
        new(CourseVisibility, EventGroup.Learning, false, FactFamily.Course),
        new(EndpointProtected, EventGroup.Endpoints, false, FactFamily.Endpoint),
        new(EndpointUnprotected, EventGroup.Endpoints, false, FactFamily.Endpoint),
        new(AccessIdAssigned, EventGroup.AccessIds, false, FactFamily.AccessId),
        new(AccessIdRevoked, EventGroup.AccessIds, false, FactFamily.AccessId),
        new(OrgHeadcount, EventGroup.Organisation, false, FactFamily.Organisation),
    ];

    private static readonly FrozenDictionary<string, EventType> ByName =
        Types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Every catalogued type, in catalog order.</summary>
    public static IReadOnlyList<EventType> All => Types;

    /// <summary>The types that count as activity unless a template narrows them.</summary>
    public static IReadOnlyList<EventType> ActivityTypes { get; } = Types.Where(t => t.IsActivity).ToArray();

    /// <summary>Finds a type by its exact (case-sensitive) name.</summary>
    public static bool TryGet(string name, out EventType type) => ByName.TryGetValue(name, out type!);

    /// <summary>Finds a type by its exact name without allocating.</summary>
    public static bool TryGet(ReadOnlySpan<char> name, out EventType type) =>
        ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out type!);

    /// <summary>The catalogued type of that name; throws when there is none.</summary>
    public static EventType Get(string name) =>
        TryGet(name, out var type) ? type : throw new KeyNotFoundException($"'{name}' is not a catalogued event type.");
}
