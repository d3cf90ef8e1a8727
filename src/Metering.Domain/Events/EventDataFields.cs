using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// Every catalogued <c>data</c> field declared once (docs/events.md, "<c>data</c> per type"): its JSON name, its
/// kind of value and where it lives in <see cref="EventData"/>. The parser's problems name
/// <see cref="EventDataField.Path"/> and its name switch is tested against these names; the stored fact line writes
/// and reads every field through it. A new field is one line in <see cref="All"/>, its flag, its case and rules in
/// the parser (EventDataReader) and its docs.
/// </summary>
public static class EventDataFields
{
    /// <summary>Every field, in the order a stored fact writes them.</summary>
    public static ImmutableArray<EventDataField> All { get; } =
    [
        new TextField(DataField.Deployment, "deployment", d => d.Deployment, (d, v) => d with { Deployment = v }),
        new TextField(DataField.Origin, "origin", d => d.Origin, (d, v) => d with { Origin = v }),
        new FlagField(DataField.Scheduled, "scheduled", d => d.Scheduled, (d, v) => d with { Scheduled = v }),
        new TextField(DataField.Space, "space", d => d.Space, (d, v) => d with { Space = v }),
        new TextField(DataField.ContentId, "contentId", d => d.ContentId, (d, v) => d with { ContentId = v }),
        new TextField(DataField.Action, "action", d => d.Action, (d, v) => d with { Action = v }),
        new TextField(DataField.SessionId, "sessionId", d => d.SessionId, (d, v) => d with { SessionId = v }),
        new TextField(DataField.AccountType, "accountType", d => d.AccountType, (d, v) => d with { AccountType = v }),
        new FlagField(DataField.Active, "active", d => d.Active, (d, v) => d with { Active = v }),
        new ListField(DataField.Roles, "roles", d => d.Roles, (d, v) => d with { Roles = v }),
        new ListField(DataField.Aliases, "aliases", d => d.Aliases, (d, v) => d with { Aliases = v }),
        new TextField(DataField.AccessId, "accessId", d => d.AccessId, (d, v) => d with { AccessId = v }),
        new TextField(DataField.Role, "role", d => d.Role, (d, v) => d with { Role = v }),
        new TextField(DataField.LicenseId, "licenseId", d => d.LicenseId, (d, v) => d with { LicenseId = v }),
        new InstantField(DataField.ExpiresAt, "expiresAt", d => d.ExpiresAt, (d, v) => d with { ExpiresAt = v }),
        new TextField(DataField.CourseId, "courseId", d => d.CourseId, (d, v) => d with { CourseId = v }),
        new FlagField(DataField.Visible, "visible", d => d.Visible, (d, v) => d with { Visible = v }),
        new TextField(DataField.UserId, "userId", d => d.UserId, (d, v) => d with { UserId = v }),
        new CountField(DataField.KnowledgeWorkers, "knowledgeWorkers", d => d.KnowledgeWorkers, (d, v) => d with { KnowledgeWorkers = v }),
        new CountField(DataField.DeployedKnowledgeWorkers, "deployedKnowledgeWorkers", d => d.DeployedKnowledgeWorkers, (d, v) => d with { DeployedKnowledgeWorkers = v }),
        new CountField(DataField.Employees, "employees", d => d.Employees, (d, v) => d with { Employees = v }),
    ];

    private static readonly Dictionary<string, EventDataField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly Dictionary<DataField, string> PathsByFlag = All.ToDictionary(f => f.Flag, f => f.Path);

    /// <summary>The field named <paramref name="name"/>, or false.</summary>
    public static bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EventDataField? field) =>
        ByName.TryGetValue(name, out field);

    /// <summary>The attribute path of one field's problems, <c>data.&lt;name&gt;</c>.</summary>
    internal static string PathOf(DataField flag) => PathsByFlag[flag];
}

/// <summary>One catalogued <c>data</c> field (<see cref="EventDataFields"/>).</summary>
public abstract class EventDataField
{
    private protected EventDataField(DataField flag, string name)
    {
        Flag = flag;
        Name = name;
        Path = "data." + name;
    }

    /// <summary>Its JSON name inside <c>data</c>.</summary>
    public string Name { get; }

    /// <summary><c>data.&lt;name&gt;</c>: the attribute its problems name.</summary>
    public string Path { get; }

    internal DataField Flag { get; }
}

/// <summary>A field whose values are of type <typeparamref name="T"/> (null when absent): how to read it from a payload and set it.</summary>
/// <typeparam name="T">The nullable type of its values.</typeparam>
public abstract class EventDataField<T> : EventDataField
{
    private protected EventDataField(DataField flag, string name, Func<EventData, T> get, Func<EventData, T, EventData> set)
        : base(flag, name) => (Get, Set) = (get, set);

    /// <summary>Its value in a payload, or null.</summary>
    public Func<EventData, T> Get { get; }

    /// <summary>A payload with the value set.</summary>
    public Func<EventData, T, EventData> Set { get; }
}

/// <summary>A text field.</summary>
public sealed class TextField : EventDataField<string?>
{
    internal TextField(DataField flag, string name, Func<EventData, string?> get, Func<EventData, string?, EventData> set)
        : base(flag, name, get, set)
    {
    }
}

/// <summary>A boolean field.</summary>
public sealed class FlagField : EventDataField<bool?>
{
    internal FlagField(DataField flag, string name, Func<EventData, bool?> get, Func<EventData, bool?, EventData> set)
        : base(flag, name, get, set)
    {
    }
}

/// <summary>A count: an integer of at least 0.</summary>
public sealed class CountField : EventDataField<long?>
{
    internal CountField(DataField flag, string name, Func<EventData, long?> get, Func<EventData, long?, EventData> set)
        : base(flag, name, get, set)
    {
    }
}

/// <summary>A list of texts.</summary>
public sealed class ListField : EventDataField<ImmutableArray<string>?>
{
    internal ListField(DataField flag, string name, Func<EventData, ImmutableArray<string>?> get, Func<EventData, ImmutableArray<string>?, EventData> set)
        : base(flag, name, get, set)
    {
    }
}

/// <summary>An instant.</summary>
public sealed class InstantField : EventDataField<Instant?>
{
    internal InstantField(DataField flag, string name, Func<EventData, Instant?> get, Func<EventData, Instant?, EventData> set)
        : base(flag, name, get, set)
    {
    }
}
