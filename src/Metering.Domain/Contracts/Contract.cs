using System.Collections.Immutable;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Contracts;

/// <summary>
/// A customer contract: the tenants it covers (several for affiliates, all in one billing zone), its term and
/// the versions of its rule. A window closes once its end plus <see cref="GraceDays"/> has passed.
/// </summary>
/// <param name="Id">The contract id.</param>
/// <param name="Tenants">The tenants covered, the first one being the billing tenant (blob paths use it).</param>
/// <param name="Term">The subscription term: first and last local day, both inclusive.</param>
/// <param name="GraceDays">Days after a window's end before it closes (default 2).</param>
/// <param name="Versions">The versions, by number; version 1 takes effect at the term start.</param>
/// <param name="Name">A human name, for invoices and listings.</param>
public sealed record Contract(
    ContractId Id,
    ImmutableArray<TenantId> Tenants,
    DateInterval Term,
    int GraceDays,
    ImmutableArray<ContractVersion> Versions,
    string? Name = null)
{
    /// <summary>The tenant whose path the invoices are stored under.</summary>
    public TenantId BillingTenant => Tenants[0];
}
