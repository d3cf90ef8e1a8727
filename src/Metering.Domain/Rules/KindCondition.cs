using System.Collections.Immutable;

namespace Metering.Domain.Rules;

/// <summary>
/// A test on one field of an <see cref="Activity.ActivityKind"/>: the field's value is one of
/// <see cref="Values"/>. Fields: <c>action</c>, <c>deployment</c>, <c>origin</c>, <c>scheduled</c>
/// (<c>true</c>/<c>false</c>), <c>space</c>; an absent value is written <c>null</c>.
/// </summary>
/// <param name="Field">The kind field.</param>
/// <param name="Values">The accepted values.</param>
public sealed record KindCondition(string Field, ImmutableArray<string> Values);
