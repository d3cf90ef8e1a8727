using Metering.Domain.Events;
using Metering.Testing.Events;

namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>
/// The valid events mutation starts from: one of every catalogued type with its data (the simulated telemetry does not
/// send every type), and the standard world's telemetry lines (which also hold the generator's own bad lines).
/// </summary>
internal static class FuzzCorpus
{
    public const string Tenant = "acme";
    public const string Source = "https://lms.acme.example/app";

    /// <summary>Types whose data has a required field (docs/events.md): without data they are invalid.</summary>
    public static readonly string[] TypesRequiringData =
    [
        EventCatalog.MeetingHosted, EventCatalog.ContentOpened,
        EventCatalog.SessionStarted, EventCatalog.SessionHeartbeat, EventCatalog.SessionEnded,
        EventCatalog.RoleGranted, EventCatalog.RoleRevoked,
        EventCatalog.LicenseGranted, EventCatalog.LicenseRevoked, EventCatalog.LicenseExpired,
        EventCatalog.EnrollmentCreated, EventCatalog.EnrollmentSuspended, EventCatalog.EnrollmentResumed, EventCatalog.EnrollmentDeleted,
        EventCatalog.CourseVisibility, EventCatalog.AccessIdAssigned, EventCatalog.AccessIdRevoked, EventCatalog.OrgHeadcount,
    ];

    public static IReadOnlyList<byte[]> EveryType { get; } = [.. EventCatalog.All.Select((type, i) => Body(type.Name, i))];

    public static byte[] Body(string type, int n, string subject = "ana") =>
        CloudEvents.Body($"fz-{n}", Source, Tenant, type, subject, "2025-03-14T09:26:53.589793238+01:00", DataFor(type));

    public static string? DataFor(string type) => type switch
    {
        EventCatalog.MeetingHosted => """{"origin":"meetings","scheduled":true,"space":"group","deployment":"on-premises"}""",
        EventCatalog.ContentOpened => """{"contentId":"book-1","action":"launch"}""",
        EventCatalog.SessionStarted or EventCatalog.SessionHeartbeat or EventCatalog.SessionEnded => """{"sessionId":"s-1"}""",
        EventCatalog.UserCreated => """{"accountType":"person","active":true,"roles":["administrator"],"aliases":["ana@example.com"],"accessId":"A-1"}""",
        EventCatalog.UserUpdated => """{"aliases":["ana.n"]}""",
        EventCatalog.RoleGranted or EventCatalog.RoleRevoked => """{"role":"administrator"}""",
        EventCatalog.LicenseGranted => """{"licenseId":"l-1","contentId":"book-1","expiresAt":"2026-01-01T00:00:00Z"}""",
        EventCatalog.LicenseRevoked or EventCatalog.LicenseExpired => """{"licenseId":"l-1"}""",
        EventCatalog.EnrollmentCreated or EventCatalog.EnrollmentSuspended or EventCatalog.EnrollmentResumed or EventCatalog.EnrollmentDeleted => """{"courseId":"c-1"}""",
        EventCatalog.CourseVisibility => """{"visible":false}""",
        EventCatalog.AccessIdAssigned or EventCatalog.AccessIdRevoked => """{"userId":"ana"}""",
        EventCatalog.OrgHeadcount => """{"knowledgeWorkers":320,"deployedKnowledgeWorkers":300,"employees":400}""",
        EventCatalog.UserActivity or EventCatalog.DataAccessed => """{"deployment":"cloud"}""",
        _ => null,
    };
}
