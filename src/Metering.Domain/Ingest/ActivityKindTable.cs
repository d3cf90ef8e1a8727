using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;

namespace Metering.Domain.Ingest;

/// <summary>
/// The activity kinds met in one batch, one instance each: a batch holds few distinct kinds and millions of
/// events, so each event finds its kind by lookup and presence can compare kinds by reference.
/// </summary>
internal sealed class ActivityKindTable
{
    private static readonly FrozenDictionary<EventType, int> CatalogIndex = EventCatalog.All
        .Select((type, index) => (type, index))
        .ToFrozenDictionary<(EventType type, int index), EventType, int>(t => t.type, t => t.index, ReferenceEqualityComparer.Instance);

    private readonly Dictionary<Shape, ActivityKind> _kinds = [];
    private readonly ActivityKind?[] _plainActivity = new ActivityKind?[EventCatalog.All.Count * 2];

    /// <summary>
    /// The kind of an activity event: type and deployment for activity; plus origin, scheduled and space for
    /// meetings; type and action for content (see <see cref="ActivityKind"/>).
    /// </summary>
    public ActivityKind Of(EventType type, EventData data)
    {
        if (type.Group == EventGroup.Activity)
        {
            // The common case, two kinds per type: found by index, no hashing of strings.
            ref var plain = ref _plainActivity[(CatalogIndex[type] * 2) + (data.Deployment == Deployments.OnPremises ? 1 : 0)];
            return plain ??= Intern(new Shape(type, data.Deployment, null, null, null, null));
        }

        return Intern(type.Group == EventGroup.Meetings
            ? new Shape(type, data.Deployment, data.Origin, data.Scheduled, data.Space, null)
            : new Shape(type, null, null, null, null, data.Action));
    }

    private ActivityKind Intern(Shape shape)
    {
        if (!_kinds.TryGetValue(shape, out var kind))
        {
            kind = new ActivityKind(shape.Type.Name, shape.Deployment, shape.Origin, shape.Scheduled, shape.Space, shape.Action);
            _kinds.Add(shape, kind);
        }

        return kind;
    }

    private readonly record struct Shape(EventType Type, string? Deployment, string? Origin, bool? Scheduled, string? Space, string? Action)
    {
        public bool Equals(Shape other) =>
            ReferenceEquals(Type, other.Type)
            && string.Equals(Deployment, other.Deployment, StringComparison.Ordinal)
            && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
            && Scheduled == other.Scheduled
            && string.Equals(Space, other.Space, StringComparison.Ordinal)
            && string.Equals(Action, other.Action, StringComparison.Ordinal);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Type), Deployment, Origin, Scheduled, Space, Action);
    }
}
