using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// The catalogued <c>data</c> fields of an event, typed; a field the event did not carry is null. Fields outside
/// the catalog are not kept (the raw archive keeps the whole body). The same record is a fact's payload.
/// </summary>
public sealed record EventData
{
    /// <summary>An empty payload.</summary>
    public static EventData None { get; } = new();

    /// <summary>Activity and meetings: <c>cloud</c> or <c>on-premises</c>; normalised to <c>cloud</c> when absent.</summary>
    public string? Deployment { get; init; }

    /// <summary>Meetings: where the meeting was started (<c>meetings</c>, <c>app</c>, <c>pstn</c>, or another value kept as sent).</summary>
    public string? Origin { get; init; }

    /// <summary>Meetings: whether the meeting was scheduled.</summary>
    public bool? Scheduled { get; init; }

    /// <summary>Meetings: <c>one-on-one</c>, <c>group</c>, or null.</summary>
    public string? Space { get; init; }

    /// <summary>Content and licences: the content (e-book) id.</summary>
    public string? ContentId { get; init; }

    /// <summary>Content: <c>launch</c> or <c>download</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Sessions: the session id.</summary>
    public string? SessionId { get; init; }

    /// <summary><c>user.created</c>/<c>user.updated</c>: <c>person</c> (default at creation), <c>alias</c>, <c>group</c>, <c>functional</c>, <c>service</c>.</summary>
    public string? AccountType { get; init; }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the active flag (default true at creation).</summary>
    public bool? Active { get; init; }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the roles held, replacing earlier ones.</summary>
    public ImmutableArray<string>? Roles { get; init; }

    /// <summary><c>user.created</c>/<c>user.updated</c>: other identifiers of the same person (e-mail, user name).</summary>
    public ImmutableArray<string>? Aliases { get; init; }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the access-ID code of the user.</summary>
    public string? AccessId { get; init; }

    /// <summary><c>role.granted</c>/<c>role.revoked</c>: the role.</summary>
    public string? Role { get; init; }

    /// <summary>Licences: the licence id.</summary>
    public string? LicenseId { get; init; }

    /// <summary><c>license.granted</c>: when the licence ends without any further event.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Enrolments: the course id.</summary>
    public string? CourseId { get; init; }

    /// <summary><c>course.visibility</c>: whether the course is visible.</summary>
    public bool? Visible { get; init; }

    /// <summary>Access IDs: the user the code is assigned to.</summary>
    public string? UserId { get; init; }

    /// <summary><c>org.headcount</c>: knowledge workers.</summary>
    public long? KnowledgeWorkers { get; init; }

    /// <summary><c>org.headcount</c>: deployed knowledge workers.</summary>
    public long? DeployedKnowledgeWorkers { get; init; }

    /// <summary><c>org.headcount</c>: employees.</summary>
    public long? Employees { get; init; }
}
