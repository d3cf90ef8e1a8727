using Metering.Domain.Tenants;

namespace Metering.Domain.Ports;

/// <summary>Where tenants and their sources are registered.</summary>
public interface ITenantRegistry
{
    /// <summary>Reads the whole registry.</summary>
    Task<TenantDirectory> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces these tenants (their zone and sources); other tenants are left as they are.</summary>
    Task ApplyAsync(IReadOnlyCollection<Tenant> tenants, CancellationToken cancellationToken);
}
