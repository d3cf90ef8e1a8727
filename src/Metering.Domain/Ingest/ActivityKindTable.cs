using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;

namespace Metering.Domain.Ingest;

/// <summary>
/// The activity kinds met in one batch, one instance each and numbered in the order met: a batch holds few distinct
/// kinds and millions of events, so each event finds its kind's number by lookup and presence packs it into its key.
/// </summary>
internal sealed class ActivityKindTable
{
    private static readonly FrozenDictionary<EventType, int> CatalogIndex = EventCatalog.All
        .Select((type, index) => (type, index))
        .ToFrozenDictionary<(EventType type, int index), EventType, int>(t => t.type, t => t.index, ReferenceEqualityComparer.Instance);

    private readonly Dictionary<Shape, int> _kinds = [];
    private readonly List<ActivityKind> _byNumber = [];
    private readonly int[] _plainActivity = new int[EventCatalog.All.Count * 2];

    /// <summary>The kinds met so far, by number (<see cref="NumberOf"/>).</summary>
    public IReadOnlyList<ActivityKind> Kinds => _byNumber;

    /// <summary>
    /// The number of the kind of an activity event in this table (<see cref="Kinds"/>): type and deployment for activity;
    /// plus origin, scheduled and space for meetings; type and action for content (see <see cref="ActivityKind"/>).
    /// </summary>
    public int NumberOf(EventType type, EventData data)
    {
        if (type.Group == EventGroup.Activity)
        {
            // The common case, two kinds per type: found by index, no hashing of strings. Numbers are kept plus one.
            ref var plain = ref _plainActivity[(CatalogIndex[type] * 2) + (data.Deployment == Deployments.OnPremises ? 1 : 0)];
            if (plain == 0)
            {
                plain = Intern(new Shape(type, data.Deployment, null, null, null, null)) + 1;
            }

            return plain - 1;
        }

        return Intern(type.Group == EventGroup.Meetings
            ? new Shape(type, data.Deployment, data.Origin, data.Scheduled, data.Space, null)
            : new Shape(type, null, null, null, null, data.Action));
    }

    private int Intern(Shape shape)
    {
        if (!_kinds.TryGetValue(shape, out var number))
        {
            number = _byNumber.Count;
            _byNumber.Add(new ActivityKind(shape.Type.Name, shape.Deployment, shape.Origin, shape.Scheduled, shape.Space, shape.Action));
            _kinds.Add(shape, number);
        }

        return number;
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
