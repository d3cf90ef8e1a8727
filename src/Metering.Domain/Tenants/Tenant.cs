using System.Collections.Immutable;
using NodaTime;

namespace Metering.Domain.Tenants;

/// <summary>
/// A registered tenant: its billing time zone (every local day, month and window of its contracts is in this
/// zone) and the sources (producing apps) allowed to write events for it.
/// </summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Zone">The billing time zone, an IANA zone; UTC when the registration names none.</param>
/// <param name="Sources">The <c>source</c> attributes accepted for this tenant, compared ordinally.</param>
public sealed record Tenant(TenantId Id, DateTimeZone Zone, ImmutableSortedSet<string> Sources)
{
    /// <summary>Whether events from <paramref name="source"/> may be recorded for this tenant.</summary>
    public bool Allows(string source) => Sources.Contains(source);
}
