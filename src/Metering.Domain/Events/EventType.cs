
namespace Metering.Domain.Events;

/// <summary>
/// One type of the event catalog. <see cref="IsActivity"/> types are recorded as activity presence per local
/// day; <see cref="Family"/> types are recorded as timeline facts. <c>content.opened</c> is both: it is
/// activity ("accessed the service") and a fact of the user's timeline (Kitaboo activation).
/// </summary>
/// <param name="Name">The CloudEvents <c>type</c> attribute.</param>
/// <param name="Group">The catalog group.</param>
/// <param name="IsActivity">Whether it counts as activity (what a rule means by "accessed").</param>
/// <param name="Family">The timeline it adds a fact to, if any.</param>
public sealed record EventType(string Name, EventGroup Group, bool IsActivity, FactFamily? Family)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
