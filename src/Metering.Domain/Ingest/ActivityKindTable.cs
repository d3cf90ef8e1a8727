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
    private readonly Dictionary<Shape, ActivityKind> _kinds = [];

    /// <summary>
    /// The kind of an activity event: type and deployment for activity; plus origin, scheduled and space for
    /// meetings; type and action for content (see <see cref="ActivityKind"/>).
    /// </summary>
    public ActivityKind Of(MeteringEvent activity)
    {
        var data = activity.Data;
        var shape = activity.Type.Group switch
        {
            EventGroup.Meetings => new Shape(activity.Type, data.Deployment, data.Origin, data.Scheduled, data.Space, null),
            EventGroup.Content => new Shape(activity.Type, null, null, null, null, data.Action),
            _ => new Shape(activity.Type, data.Deployment, null, null, null, null),
        };

        if (!_kinds.TryGetValue(shape, out var kind))
        {
            kind = new ActivityKind(activity.Type.Name, shape.Deployment, shape.Origin, shape.Scheduled, shape.Space, shape.Action);
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
