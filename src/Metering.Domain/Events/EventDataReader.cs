using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// Reads the <c>data</c> object of an event under its type's <see cref="DataSchema"/>, collecting every bad
/// field as <see cref="RejectionReason.InvalidData"/> with the attribute <c>data.&lt;field&gt;</c>. A JSON null
/// is an absent field, except for <c>space</c>, where null is one of the values. A catalogued field given twice
/// is ambiguous and rejected; unknown fields are ignored. Not thread-safe: one per parser.
/// </summary>
internal sealed class EventDataReader
{
    /// <summary>Identifiers in data (ids, roles, aliases, user ids, access ids): at most this many scalar values.</summary>
    public const int MaxIdentifierLength = 256;

    /// <summary>Meeting <c>origin</c> and <c>space</c>: at most this many scalar values (they stand in kind keys).</summary>
    public const int MaxLabelLength = 64;

    private static readonly EventData Cloud = new() { Deployment = Deployments.Cloud };
    private static readonly EventData OnPremises = new() { Deployment = Deployments.OnPremises };

    private readonly Utf8StringPool _strings;
    private byte[] _scratch = new byte[256];
    private List<ValidationError> _errors = [];
    private int _errorsBefore;
    private DataField _named;
    private DataField _given;
    private string? _deployment;
    private string? _origin;
    private bool? _scheduled;
    private string? _space;
    private string? _contentId;
    private string? _action;
    private string? _sessionId;
    private string? _accountType;
    private bool? _active;
    private ImmutableArray<string>? _roles;
    private ImmutableArray<string>? _aliases;
    private string? _accessId;
    private string? _role;
    private string? _licenseId;
    private Instant? _expiresAt;
    private string? _courseId;
    private bool? _visible;
    private string? _userId;
    private long? _knowledgeWorkers;
    private long? _deployedKnowledgeWorkers;
    private long? _employees;

    public EventDataReader(Utf8StringPool strings) => _strings = strings;

    /// <summary>
    /// Reads the <c>data</c> object at <paramref name="reader"/>'s position (its <c>StartObject</c>, already known to
    /// be well formed), leaving the reader on its <c>EndObject</c>. Returns null when it added errors to
    /// <paramref name="errors"/>.
    /// </summary>
    public EventData? Read(DataSchema schema, ref Utf8JsonReader reader, List<ValidationError> errors)
    {
        Reset(errors);
        if (schema.Reads == DataField.None)
        {
            reader.Skip();
            return Complete(schema);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = JsonText.TryGetUtf8(ref reader, ref _scratch, out var name) ? Identify(name) : DataField.None;
            if ((schema.Reads & field) == 0)
            {
                reader.Skip();
                continue;
            }

            if ((_named & field) != 0)
            {
                Fail(field, "is given twice: the event is ambiguous");
                reader.Skip();
                continue;
            }

            _named |= field;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null && field != DataField.Space)
            {
                continue;
            }

            _given |= field;
            ReadField(field, ref reader);
            reader.Skip();
        }

        return Complete(schema);
    }

    /// <summary>Starts reading a <c>data</c> object member by member (<see cref="TryMember"/>, then <see cref="End"/>).</summary>
    public void Begin(List<ValidationError> errors) => Reset(errors);

    /// <summary>
    /// One member of the object begun, its value a string (<paramref name="text"/>, its bytes without escapes) or a
    /// literal (<paramref name="kind"/> true, false or null). Read by the same rules as <see cref="Read"/>, but false
    /// instead of an error at the first broken rule, and false for a field whose values are not of these kinds (lists,
    /// counts): the caller then reads the whole object with <see cref="Read"/>, which says what is wrong.
    /// </summary>
    public bool TryMember(DataSchema schema, ReadOnlySpan<byte> name, JsonTokenType kind, ReadOnlySpan<byte> text)
    {
        var field = Identify(name);
        if ((schema.Reads & field) == 0)
        {
            return true;
        }

        if ((_named & field) != 0)
        {
            return false;
        }

        _named |= field;
        if (kind == JsonTokenType.Null && field != DataField.Space)
        {
            return true;
        }

        _given |= field;
        var isText = kind == JsonTokenType.String;
        switch (field)
        {
            case DataField.Deployment:
                return isText && (_deployment = Choice(text, Deployments.Values)) is not null;
            case DataField.Origin:
                return isText && (_origin = Label(text)) is not null;
            case DataField.Space:
                return kind == JsonTokenType.Null || (isText && (_space = Label(text)) is not null);
            case DataField.Action:
                return isText && (_action = Choice(text, ContentActions.Values)) is not null;
            case DataField.AccountType:
                return isText && (_accountType = Choice(text, AccountTypes.Values)) is not null;
            case DataField.Scheduled:
                return (_scheduled = Boolean(kind)) is not null;
            case DataField.Active:
                return (_active = Boolean(kind)) is not null;
            case DataField.Visible:
                return (_visible = Boolean(kind)) is not null;
            case DataField.ExpiresAt when isText && Rfc3339Time.TryParse(text, out var expiresAt):
                _expiresAt = expiresAt;
                return true;
            case DataField.ContentId or DataField.SessionId or DataField.AccessId or DataField.Role or DataField.LicenseId
                or DataField.CourseId or DataField.UserId when isText && Identifier(Encoding.UTF8.GetString(text)) is { } identifier:
                SetIdentifier(field, identifier);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The object begun with <see cref="Begin"/>, its members all given: null when it breaks a rule of the whole.</summary>
    public EventData? End(DataSchema schema) => Complete(schema);

    /// <summary>The fields of an event without <c>data</c>: only defaults, or errors for the required fields.</summary>
    public EventData? ReadAbsent(DataSchema schema, List<ValidationError> errors)
    {
        Reset(errors);
        return Complete(schema);
    }

    private EventData? Complete(DataSchema schema)
    {
        var errorsBefore = _errorsBefore;
        var missing = schema.Requires & ~_given;
        if (missing != DataField.None)
        {
            foreach (var required in Fields(missing))
            {
                Fail(required, "is required");
            }
        }

        if (schema.RequiresAnyHeadcount && (_given & (DataField.KnowledgeWorkers | DataField.DeployedKnowledgeWorkers | DataField.Employees)) == 0)
        {
            _errors.Add(new ValidationError(
                RejectionReason.InvalidData, "data", "At least one of knowledgeWorkers, deployedKnowledgeWorkers, employees is required."));
        }

        return _errors.Count > errorsBefore ? null : Build(schema);
    }

    private void Reset(List<ValidationError> errors)
    {
        _errors = errors;
        _errorsBefore = errors.Count;
        _named = _given = DataField.None;
        _deployment = _origin = _space = _contentId = _action = _sessionId = _accountType = null;
        _accessId = _role = _licenseId = _courseId = _userId = null;
        _scheduled = _active = _visible = null;
        _roles = _aliases = null;
        _expiresAt = null;
        _knowledgeWorkers = _deployedKnowledgeWorkers = _employees = null;
    }

    private EventData Build(DataSchema schema)
    {
        if (schema.DeploymentDefaultsToCloud && schema.Reads == DataField.Deployment)
        {
            return ReferenceEquals(_deployment, Deployments.OnPremises) ? OnPremises : Cloud;
        }

        if (schema.Reads == DataField.None)
        {
            return EventData.None;
        }

        // In field order (DataField), as the builder requires.
        var data = default(EventData.Builder);
        data.Value(DataField.Deployment, schema.DeploymentDefaultsToCloud ? _deployment ?? Deployments.Cloud : _deployment);
        data.Value(DataField.Origin, _origin);
        data.Flag(DataField.Scheduled, _scheduled);
        data.Value(DataField.Space, _space);
        data.Value(DataField.ContentId, _contentId);
        data.Value(DataField.Action, _action);
        data.Value(DataField.SessionId, _sessionId);
        data.Value(DataField.AccountType, schema.CreationDefaults ? _accountType ?? AccountTypes.Person : _accountType);
        data.Flag(DataField.Active, schema.CreationDefaults ? _active ?? true : _active);
        data.Value(DataField.Roles, _roles);
        data.Value(DataField.Aliases, _aliases);
        data.Value(DataField.AccessId, _accessId);
        data.Value(DataField.Role, _role);
        data.Value(DataField.LicenseId, _licenseId);
        data.Value(DataField.ExpiresAt, _expiresAt);
        data.Value(DataField.CourseId, _courseId);
        data.Flag(DataField.Visible, _visible);
        data.Value(DataField.UserId, _userId);
        data.Value(DataField.KnowledgeWorkers, _knowledgeWorkers);
        data.Value(DataField.DeployedKnowledgeWorkers, _deployedKnowledgeWorkers);
        data.Value(DataField.Employees, _employees);
        return data.Build();
    }

    private void ReadField(DataField field, ref Utf8JsonReader reader)
    {
        switch (field)
        {
            case DataField.Deployment:
                _deployment = ReadChoice(field, ref reader, Deployments.Values);
                break;
            case DataField.Origin:
                _origin = ReadLabel(field, ref reader);
                break;
            case DataField.Scheduled:
                _scheduled = ReadBoolean(field, ref reader);
                break;
            case DataField.Space:
                _space = reader.TokenType == JsonTokenType.Null ? null : ReadLabel(field, ref reader);
                break;
            case DataField.ContentId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.Action:
                _action = ReadChoice(field, ref reader, ContentActions.Values);
                break;
            case DataField.SessionId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.AccountType:
                _accountType = ReadChoice(field, ref reader, AccountTypes.Values);
                break;
            case DataField.Active:
                _active = ReadBoolean(field, ref reader);
                break;
            case DataField.Roles:
                _roles = ReadIdentifiers(field, ref reader);
                break;
            case DataField.Aliases:
                _aliases = ReadIdentifiers(field, ref reader);
                break;
            case DataField.AccessId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.Role:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.LicenseId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.ExpiresAt:
                _expiresAt = ReadTime(field, ref reader);
                break;
            case DataField.CourseId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.Visible:
                _visible = ReadBoolean(field, ref reader);
                break;
            case DataField.UserId:
                SetIdentifier(field, ReadIdentifier(field, ref reader));
                break;
            case DataField.KnowledgeWorkers:
                _knowledgeWorkers = ReadCount(field, ref reader);
                break;
            case DataField.DeployedKnowledgeWorkers:
                _deployedKnowledgeWorkers = ReadCount(field, ref reader);
                break;
            case DataField.Employees:
                _employees = ReadCount(field, ref reader);
                break;
        }
    }

    private static string? Choice(ReadOnlySpan<byte> value, string[] choices)
    {
        foreach (var choice in choices)
        {
            if (Ascii.Equals(value, choice))
            {
                return choice;
            }
        }

        return null;
    }

    private string? ReadChoice(DataField field, ref Utf8JsonReader reader, string[] choices)
    {
        if (reader.TokenType == JsonTokenType.String && JsonText.TryGetUtf8(ref reader, ref _scratch, out var value)
            && Choice(value, choices) is { } choice)
        {
            return choice;
        }

        Fail(field, $"must be one of {string.Join(", ", choices)}");
        return null;
    }

    /// <summary>A label's text (pooled: labels recur), or null when it breaks the rule of labels.</summary>
    private string? Label(ReadOnlySpan<byte> value)
    {
        var text = _strings.Get(value);
        return OpaqueText.Inspect(text, MaxLabelLength) == OpaqueTextProblem.None ? text : null;
    }

    /// <summary><paramref name="text"/> when it keeps the rule of identifiers, else null.</summary>
    private static string? Identifier(string text) =>
        OpaqueText.Inspect(text, MaxIdentifierLength) == OpaqueTextProblem.None ? text : null;

    private static bool? Boolean(JsonTokenType kind) => kind switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => null,
    };

    private void SetIdentifier(DataField field, string? identifier)
    {
        switch (field)
        {
            case DataField.ContentId: _contentId = identifier; break;
            case DataField.SessionId: _sessionId = identifier; break;
            case DataField.AccessId: _accessId = identifier; break;
            case DataField.Role: _role = identifier; break;
            case DataField.LicenseId: _licenseId = identifier; break;
            case DataField.CourseId: _courseId = identifier; break;
            default: _userId = identifier; break;
        }
    }

    private string? ReadLabel(DataField field, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetUtf8(ref reader, ref _scratch, out var value))
        {
            Fail(field, $"must be a string of 1 to {MaxLabelLength} characters");
            return null;
        }

        if (Label(value) is { } text)
        {
            return text;
        }

        Fail(field, $"must be 1 to {MaxLabelLength} characters without control characters");
        return null;
    }

    private string? ReadIdentifier(DataField field, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetString(ref reader, out var text))
        {
            Fail(field, $"must be a string of 1 to {MaxIdentifierLength} characters without control characters");
            return null;
        }

        if (Identifier(text) is { } identifier)
        {
            return identifier;
        }

        Fail(field, $"must be 1 to {MaxIdentifierLength} characters without control characters");
        return null;
    }

    private ImmutableArray<string>? ReadIdentifiers(DataField field, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Fail(field, "must be an array of strings");
            return null;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetString(ref reader, out var text))
            {
                reader.Skip();
                valid = false;
                continue;
            }

            if (OpaqueText.Inspect(text, MaxIdentifierLength) != OpaqueTextProblem.None)
            {
                valid = false;
                continue;
            }

            items.Add(text);
        }

        if (!valid)
        {
            Fail(field, $"must hold strings of 1 to {MaxIdentifierLength} characters without control characters");
            return null;
        }

        return items.ToImmutable();
    }

    private bool? ReadBoolean(DataField field, ref Utf8JsonReader reader)
    {
        if (Boolean(reader.TokenType) is { } value)
        {
            return value;
        }

        Fail(field, "must be true or false");
        return null;
    }

    private Instant? ReadTime(DataField field, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String
            && JsonText.TryGetUtf8(ref reader, ref _scratch, out var value)
            && Rfc3339Time.TryParse(value, out var instant))
        {
            return instant;
        }

        Fail(field, "must be an RFC 3339 date-time with an offset");
        return null;
    }

    private long? ReadCount(DataField field, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) && count >= 0)
        {
            return count;
        }

        Fail(field, "must be a non-negative integer");
        return null;
    }

    private void Fail(DataField field, string problem)
    {
        var name = Name(field);
        _errors.Add(new ValidationError(RejectionReason.InvalidData, name, $"{name} {problem}."));
    }

    private static IEnumerable<DataField> Fields(DataField mask)
    {
        for (var bit = 1; bit <= (int)DataField.Employees; bit <<= 1)
        {
            if (((int)mask & bit) != 0)
            {
                yield return (DataField)bit;
            }
        }
    }

    // Hand-written rather than a lookup in EventDataFields: every data member of every event comes through here,
    // and a lookup in the declarations measured about 5 % more plan time (8 alternating `quick` rounds of the CPU benchmark).
    // EventDataFieldsTests holds it to the declarations: every declared name, and only those, finds its flag.
    internal static DataField Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("role"u8) => DataField.Role,
        5 when name.SequenceEqual("space"u8) => DataField.Space,
        5 when name.SequenceEqual("roles"u8) => DataField.Roles,
        6 when name.SequenceEqual("origin"u8) => DataField.Origin,
        6 when name.SequenceEqual("action"u8) => DataField.Action,
        6 when name.SequenceEqual("active"u8) => DataField.Active,
        6 when name.SequenceEqual("userId"u8) => DataField.UserId,
        7 when name.SequenceEqual("aliases"u8) => DataField.Aliases,
        7 when name.SequenceEqual("visible"u8) => DataField.Visible,
        8 when name.SequenceEqual("accessId"u8) => DataField.AccessId,
        8 when name.SequenceEqual("courseId"u8) => DataField.CourseId,
        9 when name.SequenceEqual("scheduled"u8) => DataField.Scheduled,
        9 when name.SequenceEqual("contentId"u8) => DataField.ContentId,
        9 when name.SequenceEqual("sessionId"u8) => DataField.SessionId,
        9 when name.SequenceEqual("licenseId"u8) => DataField.LicenseId,
        9 when name.SequenceEqual("expiresAt"u8) => DataField.ExpiresAt,
        9 when name.SequenceEqual("employees"u8) => DataField.Employees,
        10 when name.SequenceEqual("deployment"u8) => DataField.Deployment,
        11 when name.SequenceEqual("accountType"u8) => DataField.AccountType,
        16 when name.SequenceEqual("knowledgeWorkers"u8) => DataField.KnowledgeWorkers,
        24 when name.SequenceEqual("deployedKnowledgeWorkers"u8) => DataField.DeployedKnowledgeWorkers,
        _ => DataField.None,
    };

    private static string Name(DataField field) => EventDataFields.PathOf(field);
}
