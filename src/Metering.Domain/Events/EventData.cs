using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>
/// The catalogued <c>data</c> fields of an event, typed; a field the event did not carry is null. Fields outside
/// the catalog are not kept (the raw archive keeps the whole body). The same record is a fact's payload.
/// </summary>
/// <remarks>
/// Kept sparse: only the fields given take room (flags as bits, other values in two slots and, past two, an array in
/// field order): 48 bytes for the one or two values an event usually carries, where a slot for every field took 224. The
/// parser builds one for most events of a batch, and their size was about a third of what planning a batch allocated
/// (docs/performance.md, section 1). Equality is the same as a field-by-field record's: texts, counts and instants by
/// value, lists by their array.
/// </remarks>
public sealed record EventData
{
    /// <summary>Fields that are flags: their value is a bit of <see cref="_true"/>, not a slot (tested against the catalogue).</summary>
    internal const DataField Flags = DataField.Scheduled | DataField.Active | DataField.Visible;

    /// <summary>The catalogue's last field, the highest flag (tested against the catalogue).</summary>
    internal const DataField LastField = DataField.Employees;

    /// <summary>The fields given (non-null).</summary>
    private DataField _given;

    /// <summary>The flags given as true.</summary>
    private DataField _true;

    /// <summary>The first two values given (flags aside), in field order.</summary>
    private object? _first;

    private object? _second;

    /// <summary>The values after the second, in field order: replaced, never changed, so a copy made by <c>with</c> may share it.</summary>
    private object?[]? _rest;

    /// <summary>An empty payload.</summary>
    public static EventData None { get; } = new();

    /// <summary>Activity and meetings: <c>cloud</c> or <c>on-premises</c>; normalised to <c>cloud</c> when absent.</summary>
    public string? Deployment { get => (string?)Get(DataField.Deployment); init => Set(DataField.Deployment, value); }

    /// <summary>Meetings: where the meeting was started (<c>meetings</c>, <c>app</c>, <c>pstn</c>, or another value kept as sent).</summary>
    public string? Origin { get => (string?)Get(DataField.Origin); init => Set(DataField.Origin, value); }

    /// <summary>Meetings: whether the meeting was scheduled.</summary>
    public bool? Scheduled { get => Flag(DataField.Scheduled); init => SetFlag(DataField.Scheduled, value); }

    /// <summary>Meetings: <c>one-on-one</c>, <c>group</c>, or null.</summary>
    public string? Space { get => (string?)Get(DataField.Space); init => Set(DataField.Space, value); }

    /// <summary>Content and licences: the content (e-book) id.</summary>
    public string? ContentId { get => (string?)Get(DataField.ContentId); init => Set(DataField.ContentId, value); }

    /// <summary>Content: <c>launch</c> or <c>download</c>.</summary>
    public string? Action { get => (string?)Get(DataField.Action); init => Set(DataField.Action, value); }

    /// <summary>Sessions: the session id.</summary>
    public string? SessionId { get => (string?)Get(DataField.SessionId); init => Set(DataField.SessionId, value); }

    /// <summary><c>user.created</c>/<c>user.updated</c>: <c>person</c> (default at creation), <c>alias</c>, <c>group</c>, <c>functional</c>, <c>service</c>.</summary>
    public string? AccountType { get => (string?)Get(DataField.AccountType); init => Set(DataField.AccountType, value); }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the active flag (default true at creation).</summary>
    public bool? Active { get => Flag(DataField.Active); init => SetFlag(DataField.Active, value); }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the roles held, replacing earlier ones.</summary>
    public ImmutableArray<string>? Roles { get => (ImmutableArray<string>?)Get(DataField.Roles); init => Set(DataField.Roles, value); }

    /// <summary><c>user.created</c>/<c>user.updated</c>: other identifiers of the same person (e-mail, user name).</summary>
    public ImmutableArray<string>? Aliases { get => (ImmutableArray<string>?)Get(DataField.Aliases); init => Set(DataField.Aliases, value); }

    /// <summary><c>user.created</c>/<c>user.updated</c>: the access-ID code of the user.</summary>
    public string? AccessId { get => (string?)Get(DataField.AccessId); init => Set(DataField.AccessId, value); }

    /// <summary><c>role.granted</c>/<c>role.revoked</c>: the role.</summary>
    public string? Role { get => (string?)Get(DataField.Role); init => Set(DataField.Role, value); }

    /// <summary>Licences: the licence id.</summary>
    public string? LicenseId { get => (string?)Get(DataField.LicenseId); init => Set(DataField.LicenseId, value); }

    /// <summary><c>license.granted</c>: when the licence ends without any further event.</summary>
    public Instant? ExpiresAt { get => (Instant?)Get(DataField.ExpiresAt); init => Set(DataField.ExpiresAt, value); }

    /// <summary>Enrolments: the course id.</summary>
    public string? CourseId { get => (string?)Get(DataField.CourseId); init => Set(DataField.CourseId, value); }

    /// <summary><c>course.visibility</c>: whether the course is visible.</summary>
    public bool? Visible { get => Flag(DataField.Visible); init => SetFlag(DataField.Visible, value); }

    /// <summary>Access IDs: the user the code is assigned to.</summary>
    public string? UserId { get => (string?)Get(DataField.UserId); init => Set(DataField.UserId, value); }

    /// <summary><c>org.headcount</c>: knowledge workers.</summary>
    public long? KnowledgeWorkers { get => (long?)Get(DataField.KnowledgeWorkers); init => Set(DataField.KnowledgeWorkers, value); }

    /// <summary><c>org.headcount</c>: deployed knowledge workers.</summary>
    public long? DeployedKnowledgeWorkers { get => (long?)Get(DataField.DeployedKnowledgeWorkers); init => Set(DataField.DeployedKnowledgeWorkers, value); }

    /// <summary><c>org.headcount</c>: employees.</summary>
    public long? Employees { get => (long?)Get(DataField.Employees); init => Set(DataField.Employees, value); }

    /// <inheritdoc/>
    public bool Equals(EventData? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || _given != other._given || _true != other._true
            || !Equals(_first, other._first) || !Equals(_second, other._second))
        {
            return false;
        }

        var rest = _rest.AsSpan();
        var others = other._rest.AsSpan();
        for (var i = 0; i < rest.Length; i++)
        {
            if (!Equals(rest[i], others[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_given);
        hash.Add(_true);
        hash.Add(_first);
        hash.Add(_second);
        foreach (var value in _rest.AsSpan())
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>An empty payload, its fields set by initializers.</summary>
    public EventData()
    {
    }

    /// <summary>A payload of the values a reader collected (<see cref="Builder"/>).</summary>
    private EventData(DataField given, DataField trues, object? first, object? second, object?[]? rest) =>
        (_given, _true, _first, _second, _rest) = (given, trues, first, second, rest);

    /// <summary>The fields given, flags included: a field outside it reads as null.</summary>
    internal DataField Given => _given;

    /// <summary>The value of a given field that is not a flag.</summary>
    internal object? ValueOf(DataField field) => Get(field);

    /// <summary>The value of a given flag.</summary>
    internal bool FlagOf(DataField field) => (_true & field) != 0;

    private static int SlotOf(DataField given, DataField field) =>
        System.Numerics.BitOperations.PopCount((uint)(given & ~Flags & (field - 1)));

    private object? Get(DataField field)
    {
        if ((_given & field) == 0)
        {
            return null;
        }

        return SlotOf(_given, field) switch
        {
            0 => _first,
            1 => _second,
            var slot => _rest![slot - 2],
        };
    }

    private bool? Flag(DataField field) => (_given & field) == 0 ? null : (_true & field) != 0;

    private void SetFlag(DataField field, bool? value)
    {
        _given = value is null ? _given & ~field : _given | field;
        _true = value is true ? _true | field : _true & ~field;
    }

    /// <summary>
    /// Sets one value (null removes it): the values are laid out again, into a new array when past two, so that a copy
    /// made by <c>with</c> never changes its original's.
    /// </summary>
    private void Set(DataField field, object? value)
    {
        var builder = default(Builder);
        for (var each = DataField.Deployment; each <= LastField; each = (DataField)((int)each << 1))
        {
            if ((each & Flags) != 0)
            {
                builder.Flag(each, (_given & each) == 0 ? null : (_true & each) != 0);
            }
            else
            {
                builder.Value(each, each == field ? value : Get(each));
            }
        }

        (_given, _true, _first, _second, _rest) = builder.Payload();
    }

    /// <summary>Collects a payload's fields in field order, then builds it: one object, and an array past two values.</summary>
    internal ref struct Builder
    {
        private DataField _given;
        private DataField _true;
        private object? _first;
        private object? _second;
        private List<object>? _more;

        /// <summary>A value of <paramref name="field"/>, fields in increasing order; null adds nothing.</summary>
        public void Value(DataField field, object? value)
        {
            System.Diagnostics.Debug.Assert(field > (_given & ~Flags), "A payload's fields are added in field order.");
            if (value is null)
            {
                return;
            }

            if (_first is null)
            {
                _first = value;
            }
            else if (_second is null)
            {
                _second = value;
            }
            else
            {
                (_more ??= []).Add(value);
            }

            _given |= field;
        }

        /// <summary>A flag of <paramref name="field"/>; null adds nothing.</summary>
        public void Flag(DataField field, bool? value)
        {
            if (value is { } on)
            {
                _given |= field;
                _true |= on ? field : DataField.None;
            }
        }

        /// <summary>The payload of the fields added.</summary>
        public readonly EventData Build() => new(_given, _true, _first, _second, _more?.ToArray());

        internal readonly (DataField Given, DataField True, object? First, object? Second, object?[]? More) Payload() =>
            (_given, _true, _first, _second, _more?.ToArray());
    }
}
