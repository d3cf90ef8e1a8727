using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// The facts of one timeline unit on one local day that arrived in one batch, sorted by (time, key) and
/// without duplicate keys. <see cref="ChunkId"/> depends only on the set of facts, so a redelivered or
/// shuffled batch writes the same chunk; chunks of different batches are merged when read.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Family">The timeline family.</param>
/// <param name="Unit">The subject.</param>
/// <param name="Day">The local day of the facts (billing zone of the tenant).</param>
/// <param name="ChunkId">16 lowercase hex digits derived from the sorted fact keys.</param>
/// <param name="Facts">The facts, sorted by (time, key).</param>
public sealed record FactChunk(TenantId Tenant, FactFamily Family, Subject Unit, LocalDate Day, string ChunkId, ImmutableArray<Fact> Facts);
