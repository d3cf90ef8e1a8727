using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>
/// Per tenant, the last local day of any closed window or statement period ("closed through"). Ingest records a touch
/// for every day up to it, which is how late events are detected; a close raises it before it reads any data.
/// </summary>
public interface IWatermarkStore
{
    /// <summary>The closed-through day of each tenant asked for (absent when nothing of it was ever closed).</summary>
    Task<IReadOnlyDictionary<TenantId, LocalDate>> GetAsync(IReadOnlyCollection<TenantId> tenants, CancellationToken cancellationToken);

    /// <summary>Raises a tenant's closed-through day to at least <paramref name="closedThrough"/>; never lowers it.</summary>
    Task RaiseAsync(TenantId tenant, LocalDate closedThrough, CancellationToken cancellationToken);
}
