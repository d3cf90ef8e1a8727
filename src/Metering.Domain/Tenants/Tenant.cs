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
    private readonly ImmutableSortedSet<string> _sources = Ordinal(Sources);
    private readonly ImmutableSortedSet<string> _senders = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// The <c>source</c> attributes accepted for this tenant, compared ordinally whatever comparer the set given was made
    /// with (a collection expression makes one with the default comparer, which compares by culture).
    /// </summary>
    public ImmutableSortedSet<string> Sources
    {
        get => _sources;
        init => _sources = Ordinal(value);
    }

    /// <summary>
    /// The senders (producing apps with an event hub of their own) whose events may be recorded for this tenant. An
    /// event delivered by a sender counts only for the tenants that list it; events with no transport identity (a file
    /// an operator ingests) are not subject to this list. Empty: no sender may write for the tenant. Compared
    /// ordinally, as the sources are.
    /// </summary>
    public ImmutableSortedSet<string> Senders
    {
        get => _senders;
        init => _senders = Ordinal(value);
    }

    /// <summary>Whether events from <paramref name="source"/> may be recorded for this tenant.</summary>
    public bool Allows(string source) => Sources.Contains(source);

    /// <summary>Whether events that <paramref name="sender"/> delivered may be recorded for this tenant.</summary>
    public bool Accepts(string sender) => Senders.Contains(sender);

    private static ImmutableSortedSet<string> Ordinal(ImmutableSortedSet<string> set) =>
        (set ?? throw new ArgumentNullException(nameof(set))).WithComparer(StringComparer.Ordinal);
}
