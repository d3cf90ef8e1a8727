namespace Metering.Domain.Rules;

/// <summary>One condition of a state predicate.</summary>
/// <param name="Atom">The condition.</param>
/// <param name="Argument">Its argument (the role of <see cref="StateAtom.HasRole"/>), or null.</param>
public sealed record StateCondition(StateAtom Atom, string? Argument = null);
