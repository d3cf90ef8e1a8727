namespace Metering.Domain.Events;

/// <summary>The catalogued <c>data</c> fields (docs/events.md), as flags so that a schema is two masks.</summary>
[Flags]
internal enum DataField
{
    None = 0,
    Deployment = 1 << 0,
    Origin = 1 << 1,
    Scheduled = 1 << 2,
    Space = 1 << 3,
    ContentId = 1 << 4,
    Action = 1 << 5,
    SessionId = 1 << 6,
    AccountType = 1 << 7,
    Active = 1 << 8,
    Roles = 1 << 9,
    Aliases = 1 << 10,
    AccessId = 1 << 11,
    Role = 1 << 12,
    LicenseId = 1 << 13,
    ExpiresAt = 1 << 14,
    CourseId = 1 << 15,
    Visible = 1 << 16,
    UserId = 1 << 17,
    KnowledgeWorkers = 1 << 18,
    DeployedKnowledgeWorkers = 1 << 19,
    Employees = 1 << 20,
}
