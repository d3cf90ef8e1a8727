using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// That a batch carried accepted events of a tenant's local day. The close compares the touches of the days it reads
/// with those it saw, to find windows whose data received late events.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Day">The local day the events happened on.</param>
/// <param name="Events">How many accepted events of that day the batch carried.</param>
/// <param name="Data">What those events wrote: a window is brought back only by a touch of data its close reads.</param>
public sealed record DayTouch(TenantId Tenant, LocalDate Day, int Events, StoredData Data);
