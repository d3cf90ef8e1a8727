using NodaTime;

namespace Metering.Domain.Timelines;

/// <summary>A live licence of a user: the content it opens and, when granted with one, the instant it lapses on its own.</summary>
internal sealed record LicenceGrant(string? ContentId, Instant? ExpiresAt);
