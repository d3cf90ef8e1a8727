namespace Metering.Domain.Events;

/// <summary>
/// The stable reason codes of rejected input. They appear in dead-letter blobs, CLI summaries, HTTP responses
/// and metrics; a code, once published, is never renamed or reused for another meaning.
/// </summary>
public static class RejectionReason
{
    /// <summary>The event body is over 256 KiB (262,144 bytes).</summary>
    public const string EventTooLarge = "event-too-large";

    /// <summary>The body is not well-formed JSON (including invalid UTF-8 and trailing content).</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>The body is JSON but not an object.</summary>
    public const string NotAnObject = "not-an-object";

    /// <summary>An attribute appears twice in the same object: the event is ambiguous.</summary>
    public const string DuplicateAttribute = "duplicate-attribute";

    /// <summary>A required attribute (<c>specversion</c>, <c>id</c>, <c>source</c>, <c>type</c>, <c>time</c>, <c>tenantid</c>, <c>subject</c>) is absent or null.</summary>
    public const string MissingAttribute = "missing-attribute";

    /// <summary>An attribute has the wrong JSON type or an ill-formed value (empty id, source not a URI-reference, ...).</summary>
    public const string InvalidAttribute = "invalid-attribute";

    /// <summary><c>specversion</c> is not <c>"1.0"</c>.</summary>
    public const string UnsupportedSpecVersion = "unsupported-specversion";

    /// <summary><c>type</c> is not in the catalog.</summary>
    public const string UnknownType = "unknown-type";

    /// <summary><c>time</c> is not RFC 3339 with an offset.</summary>
    public const string InvalidTime = "invalid-time";

    /// <summary><c>time</c> is more than 5 minutes after the moment of ingest.</summary>
    public const string FutureTime = "future-time";

    /// <summary><c>time</c> is further before the moment of ingest than the deployment's oldest-event horizon (<see cref="CloudEventParser.DefaultMaximumAge"/> by default).</summary>
    public const string TooOld = "too-old";

    /// <summary><c>tenantid</c> does not match <c>[a-z0-9][a-z0-9-]{0,62}</c>.</summary>
    public const string InvalidTenantId = "invalid-tenantid";

    /// <summary><c>tenantid</c> names no registered tenant.</summary>
    public const string UnknownTenant = "unknown-tenant";

    /// <summary><c>source</c> is not registered for the event's tenant.</summary>
    public const string UnregisteredSource = "unregistered-source";

    /// <summary><c>subject</c> is empty, holds a control character or an unpaired surrogate.</summary>
    public const string InvalidSubject = "invalid-subject";

    /// <summary><c>subject</c> is longer than 256 characters (Unicode scalar values).</summary>
    public const string SubjectTooLong = "subject-too-long";

    /// <summary><c>data</c> is not an object, or a field the type requires is absent or ill-typed.</summary>
    public const string InvalidData = "invalid-data";

    /// <summary>A JSON-array batch that cannot be split into events; it is kept whole.</summary>
    public const string MalformedBatch = "malformed-batch";

    /// <summary>The event came through a sender's transport (its own event hub) that its tenant does not list.</summary>
    public const string UnauthorizedSender = "unauthorized-sender";

    /// <summary>
    /// The event's <c>source</c> and <c>id</c> were already received for its tenant with other content (another subject,
    /// type, time or <c>data</c>): a reused id is not a new event. The copy first recorded counts; in one batch, which
    /// has no order, the copy with the lowest content digest does (docs/events.md, "Duplicates and reused ids").
    /// </summary>
    public const string ConflictingDuplicate = "conflicting-duplicate";

    /// <summary>Every code, in a stable order (for summaries and metrics).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        EventTooLarge, MalformedJson, NotAnObject, DuplicateAttribute, MissingAttribute, InvalidAttribute,
        UnsupportedSpecVersion, UnknownType, InvalidTime, FutureTime, TooOld, InvalidTenantId, UnknownTenant,
        UnregisteredSource, InvalidSubject, SubjectTooLong, InvalidData, MalformedBatch, UnauthorizedSender, ConflictingDuplicate,
    ];
}
