using System.Collections.Frozen;

namespace Metering.Domain.Events;

/// <summary>
/// Which <c>data</c> fields a catalogued type reads and which it requires (docs/events.md).
/// Fields a type does not read are ignored wherever they appear, like any unknown field.
/// </summary>
/// <param name="Reads">The fields read and validated.</param>
/// <param name="Requires">The fields that must be present (not null, except <c>space</c>, whose null is a value).</param>
/// <param name="DeploymentDefaultsToCloud">Activity and meetings: an absent <c>deployment</c> means <c>cloud</c>.</param>
/// <param name="CreationDefaults"><c>user.created</c>: an absent <c>accountType</c> is <c>person</c>, an absent <c>active</c> is true.</param>
/// <param name="RequiresAnyHeadcount"><c>org.headcount</c>: at least one of the three counts.</param>
internal sealed record DataSchema(
    DataField Reads,
    DataField Requires,
    bool DeploymentDefaultsToCloud = false,
    bool CreationDefaults = false,
    bool RequiresAnyHeadcount = false)
{
    private const DataField UserFields =
        DataField.AccountType | DataField.Active | DataField.Roles | DataField.Aliases | DataField.AccessId;

    private const DataField Headcounts =
        DataField.KnowledgeWorkers | DataField.DeployedKnowledgeWorkers | DataField.Employees;

    private static readonly DataSchema NoFields = new(DataField.None, DataField.None);

    private static readonly FrozenDictionary<EventType, DataSchema> ByType = Build();

    /// <summary>The schema of a catalogued type.</summary>
    public static DataSchema For(EventType type) => ByType[type];

    private static FrozenDictionary<EventType, DataSchema> Build()
    {
        var activity = new DataSchema(DataField.Deployment, DataField.None, DeploymentDefaultsToCloud: true);
        var meeting = new DataSchema(
            DataField.Origin | DataField.Scheduled | DataField.Space | DataField.Deployment,
            DataField.Origin | DataField.Scheduled | DataField.Space,
            DeploymentDefaultsToCloud: true);
        var content = new DataSchema(DataField.ContentId | DataField.Action, DataField.ContentId | DataField.Action);
        var session = new DataSchema(DataField.SessionId, DataField.SessionId);
        var role = new DataSchema(DataField.Role, DataField.Role);
        var licence = new DataSchema(DataField.LicenseId, DataField.LicenseId);
        var enrolment = new DataSchema(DataField.CourseId, DataField.CourseId);
        var accessId = new DataSchema(DataField.UserId, DataField.UserId);

        var map = new Dictionary<EventType, DataSchema>(ReferenceEqualityComparer.Instance);
        foreach (var type in EventCatalog.All)
        {
            map[type] = type.Group switch
            {
                EventGroup.Activity => activity,
                EventGroup.Meetings => meeting,
                EventGroup.Content => content,
                EventGroup.Sessions => session,
                _ => NoFields,
            };
        }

        map[EventCatalog.Get(EventCatalog.UserCreated)] = new DataSchema(UserFields, DataField.None, CreationDefaults: true);
        map[EventCatalog.Get(EventCatalog.UserUpdated)] = new DataSchema(UserFields, DataField.None);
        map[EventCatalog.Get(EventCatalog.RoleGranted)] = role;
        map[EventCatalog.Get(EventCatalog.RoleRevoked)] = role;
        map[EventCatalog.Get(EventCatalog.LicenseGranted)] = new DataSchema(
            DataField.LicenseId | DataField.ContentId | DataField.ExpiresAt, DataField.LicenseId | DataField.ContentId);
        map[EventCatalog.Get(EventCatalog.LicenseRevoked)] = licence;
        map[EventCatalog.Get(EventCatalog.LicenseExpired)] = licence;
        map[EventCatalog.Get(EventCatalog.EnrollmentCreated)] = enrolment;
        map[EventCatalog.Get(EventCatalog.EnrollmentSuspended)] = enrolment;
        map[EventCatalog.Get(EventCatalog.EnrollmentResumed)] = enrolment;
        map[EventCatalog.Get(EventCatalog.EnrollmentDeleted)] = enrolment;
        map[EventCatalog.Get(EventCatalog.CourseVisibility)] = new DataSchema(DataField.Visible, DataField.Visible);
        map[EventCatalog.Get(EventCatalog.AccessIdAssigned)] = accessId;
        map[EventCatalog.Get(EventCatalog.AccessIdRevoked)] = accessId;
        map[EventCatalog.Get(EventCatalog.OrgHeadcount)] = new DataSchema(Headcounts, DataField.None, RequiresAnyHeadcount: true);
        return map.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
    }
}
