namespace Metering.Domain.Rules;

/// <summary>The elementary conditions a state predicate combines (all must hold at an instant).</summary>
public enum StateAtom
{
    /// <summary>A user incarnation exists: created and not deleted since.</summary>
    Exists,

    /// <summary>Not deleted (holds for a unit never created too).</summary>
    NotDeleted,

    /// <summary>The account type is <c>person</c> (aliases, groups, functional and service accounts excluded).</summary>
    PersonAccount,

    /// <summary>The active flag is on (set at creation, default true; activated/deactivated change it).</summary>
    ActiveFlag,

    /// <summary>Not deactivated (the active flag is not off).</summary>
    NotDeactivated,

    /// <summary>Not suspended.</summary>
    NotSuspended,

    /// <summary>A seat is assigned.</summary>
    SeatAssigned,

    /// <summary>The login credential is enabled.</summary>
    CredentialEnabled,

    /// <summary>At least one licence is granted and neither revoked nor expired.</summary>
    Licensed,

    /// <summary>Enrolled, not suspended, in at least one course that is visible.</summary>
    EnrolledInVisibleCourse,

    /// <summary>An endpoint is protected.</summary>
    EndpointProtected,

    /// <summary>An access-ID code is assigned to a user.</summary>
    AccessIdAssigned,

    /// <summary>The user holds the role named by the condition's argument.</summary>
    HasRole,
}
