using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>An event identity as an earlier batch claimed it: the content it counted, and when and in which batch it came.</summary>
/// <param name="Content">The digest of the content counted.</param>
/// <param name="Batch">The batch that claimed it.</param>
/// <param name="ReceivedAt">When that batch was received.</param>
public sealed record EarlierReceipt(ContentDigest Content, BatchId Batch, Instant ReceivedAt);
