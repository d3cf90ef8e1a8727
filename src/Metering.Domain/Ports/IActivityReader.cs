using Metering.Domain.Activity;
using Metering.Domain.Closing;
using Metering.Domain.Facts;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ports;

/// <summary>
/// The read side of activity and state storage, streaming so that a reader's memory is bounded by what it
/// keeps, never by what is stored. Facts may come back more than once (a redelivered event in two chunks);
/// consumers deduplicate them by key.
/// </summary>
public interface IActivityReader
{
    /// <summary>The presence records of one tenant and local month, every kind.</summary>
    IAsyncEnumerable<PresenceRecord> ReadPresenceAsync(TenantId tenant, YearMonth month, CancellationToken cancellationToken);

    /// <summary>Every timeline fact (sessions excepted) of one tenant on local days up to the end of <paramref name="through"/>.</summary>
    IAsyncEnumerable<Fact> ReadFactsAsync(TenantId tenant, YearMonth through, CancellationToken cancellationToken);

    /// <summary>The session facts of one tenant on local days of the months <paramref name="from"/> to <paramref name="through"/>.</summary>
    IAsyncEnumerable<Fact> ReadSessionsAsync(TenantId tenant, YearMonth from, YearMonth through, CancellationToken cancellationToken);

    /// <summary>
    /// The late-event touches of the tenant's local days from <paramref name="from"/> (from the first when null) through
    /// <paramref name="through"/>, both inclusive: one total per day and kinds of data written that has any.
    /// </summary>
    Task<IReadOnlyList<DayTouchTotal>> ReadTouchesAsync(TenantId tenant, LocalDate? from, LocalDate through, CancellationToken cancellationToken);

    /// <summary>Whether any event of the tenant, of any kind (presence, fact or session), is stored for a local day of <paramref name="days"/>.</summary>
    Task<bool> HasDataAsync(TenantId tenant, DateInterval days, CancellationToken cancellationToken);
}
