using System.Collections.Immutable;
using NodaTime;

namespace Metering.Simulation;

/// <summary>
/// What to simulate: the tenants, the local days (first and last inclusive), the seed, and how untidy delivery is.
/// The same options and seed always give the same bytes.
/// </summary>
/// <param name="Seed">The seed of every random choice.</param>
/// <param name="First">The first simulated day (in each tenant's own zone).</param>
/// <param name="Last">The last simulated day, inclusive.</param>
/// <param name="Tenants">The tenants.</param>
public sealed record SimulationOptions(ulong Seed, LocalDate First, LocalDate Last, ImmutableArray<SimulatedTenant> Tenants)
{
    /// <summary>The delivery disorder (default <see cref="Disorder.Realistic"/>).</summary>
    public Disorder Disorder { get; init; } = Disorder.Realistic;

    /// <summary>
    /// Users of a tenant generated and sorted together: a larger tenant is cut into groups of this many, each written
    /// in time order after the other (as several app servers would send), so memory stays bounded by it.
    /// </summary>
    public int UsersPerGroup { get; init; } = 2048;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Last < First)
        {
            problems.Add("the last day is before the first.");
        }

        if (Tenants.IsDefaultOrEmpty)
        {
            problems.Add("no tenant to simulate.");
        }
        else
        {
            foreach (var tenant in Tenants)
            {
                if (!Domain.Tenants.TenantId.IsValid(tenant.Id))
                {
                    problems.Add($"tenant '{tenant.Id}' is not a tenant id.");
                }

                if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(tenant.Zone) is null)
                {
                    problems.Add($"tenant '{tenant.Id}': '{tenant.Zone}' is not an IANA time zone.");
                }

                if (tenant.Users < 1 || tenant.Endpoints < 0 || tenant.EventsPerActiveDay < 0 || string.IsNullOrEmpty(tenant.Source))
                {
                    problems.Add($"tenant '{tenant.Id}': needs a source, at least one user, and no negative count.");
                }
            }

            problems.AddRange(Tenants.GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"tenant '{g.Key}' is listed twice."));
        }

        if (UsersPerGroup < 1)
        {
            problems.Add("usersPerGroup must be at least 1.");
        }

        problems.AddRange(Disorder.Problems());
        return problems;
    }
}
