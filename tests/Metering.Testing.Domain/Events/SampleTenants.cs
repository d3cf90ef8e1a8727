using System.Collections.Immutable;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Testing.Events;

/// <summary>The tenant registry and the moment of ingest that parser and planner tests share.</summary>
public static class SampleTenants
{
    /// <summary>The moment of ingest: 2025-12-01T12:00:00Z.</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 12, 1, 12, 0);

    /// <summary>
    /// <c>acme</c> (UTC; <c>/apps/lms</c>, <c>https://lms.example.com/app</c>), <c>paris</c> (Europe/Paris),
    /// <c>saopaulo</c> (America/Sao_Paulo), <c>apia</c> (Pacific/Apia); the last three allow <c>/apps/lms</c>.
    /// </summary>
    public static TenantDirectory Directory { get; } = new([
        Tenant("acme", "Etc/UTC", "/apps/lms", "https://lms.example.com/app"),
        Tenant("paris", "Europe/Paris", "/apps/lms"),
        Tenant("saopaulo", "America/Sao_Paulo", "/apps/lms"),
        Tenant("apia", "Pacific/Apia", "/apps/lms"),
    ]);

    public static Tenant Tenant(string id, string zone, params string[] sources) =>
        new(TenantId.Parse(id), DateTimeZoneProviders.Tzdb[zone], ImmutableSortedSet.Create(StringComparer.Ordinal, sources));
}
