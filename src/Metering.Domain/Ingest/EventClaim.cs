namespace Metering.Domain.Ingest;

/// <summary>
/// What a batch asks the claim store to remember: the event with <paramref name="Identity"/> says
/// <paramref name="Content"/>. The first claim of an identity stands; a later batch with another content for it has a
/// reused id.
/// </summary>
/// <param name="Identity">The event's tenant, <c>source</c> and <c>id</c>.</param>
/// <param name="Content">The digest of the copy the batch counts.</param>
public readonly record struct EventClaim(EventIdentity Identity, ContentDigest Content);
