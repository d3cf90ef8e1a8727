using System.Collections.Immutable;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Contracts;

/// <summary>
/// The checks of a contract that need the tenant registry (docs/contracts.md, "Checks that need the tenant registry"): every tenant of the contract is registered,
/// and all of them bill in one time zone, because every window is a union of whole local days of that zone
/// ("a contract whose tenants bill in different zones is rejected"). Zones are compared by IANA id, so two ids
/// with the same rules today (<c>Europe/Paris</c>, <c>Europe/Berlin</c>) are still different zones.
/// </summary>
/// <param name="Zone">The contract's billing zone, or null when a problem prevents it.</param>
/// <param name="Problems">Every problem, with the JSON path of the tenant concerned.</param>
public sealed record ContractTenancy(DateTimeZone? Zone, ImmutableArray<ContractProblem> Problems)
{
    /// <summary>Whether the contract can be billed against this registry.</summary>
    public bool IsValid => Zone is not null && Problems.IsEmpty;

    /// <summary>Checks a contract against a snapshot of the tenant registry.</summary>
    public static ContractTenancy Resolve(Contract contract, TenantDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(directory);
        var problems = ImmutableArray.CreateBuilder<ContractProblem>();
        var registered = new List<(int Index, Tenant Tenant)>();
        for (var i = 0; i < contract.Tenants.Length; i++)
        {
            var id = contract.Tenants[i];
            if (directory.TryGet(id.Value, out var tenant))
            {
                registered.Add((i, tenant));
            }
            else
            {
                problems.Add(new ContractProblem(ContractPath.Item("tenants", i), ContractProblemCode.UnregisteredTenant, $"tenant '{id}' is not registered"));
            }
        }

        var zones = registered.Select(r => r.Tenant.Zone.Id).Distinct(StringComparer.Ordinal).ToList();
        if (zones.Count > 1)
        {
            var listing = string.Join(", ", registered.Select(r => $"{r.Tenant.Id} in {r.Tenant.Zone.Id}"));
            problems.Add(new ContractProblem("tenants", ContractProblemCode.ZonesDiffer, $"the tenants of a contract bill in one time zone; these bill in {zones.Count} zones: {listing}"));
        }

        var zone = problems.Count == 0 && registered.Count > 0 ? registered[0].Tenant.Zone : null;
        return new ContractTenancy(zone, problems.ToImmutable());
    }
}
