namespace Metering.Domain.Timelines;

/// <summary>
/// A <c>content.opened</c> fact with the user's state at that instant, just before it: after every fact that
/// precedes it in <see cref="FactOrder"/> (licences granted at the same instant are live; revoked at the same
/// instant are still live).
/// </summary>
internal sealed record ContentOpening(Facts.Fact Fact, UserState Before);
