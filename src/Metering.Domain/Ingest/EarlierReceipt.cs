using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// An event identity as an earlier batch claimed it: the content it counted, when and in which batch it came, and the
/// zone that gave its local day.
/// </summary>
/// <param name="Content">The digest of the content counted.</param>
/// <param name="Batch">The batch that claimed it.</param>
/// <param name="ReceivedAt">When that batch was received.</param>
/// <param name="Zone">
/// The tenant's zone the claiming batch was planned in; null for a claim made before claims kept it. A copy accepted again
/// takes its local day in this zone, not in the tenant's zone of today, so that it counts on the day it counted then.
/// </param>
public sealed record EarlierReceipt(ContentDigest Content, BatchId Batch, Instant ReceivedAt, DateTimeZone? Zone = null);
