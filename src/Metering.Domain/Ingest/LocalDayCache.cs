using System.Collections.Immutable;
using Metering.Domain.Tenants;
using NodaTime;
using NodaTime.TimeZones;

namespace Metering.Domain.Ingest;

/// <summary>
/// The local day of an instant in a tenant's billing zone, remembering per tenant the zone interval (the span of
/// constant offset between two daylight-saving or rule changes) of the last instant asked: a batch covers hours or
/// days, so almost every event falls in the interval of the one before and its day is the instant shifted by that
/// interval's offset, exactly what <see cref="Instant.InZone(DateTimeZone)"/> computes. Not thread-safe; one per batch.
/// </summary>
internal sealed class LocalDayCache
{
    private readonly Dictionary<Tenant, ZoneInterval> _intervals = new(ReferenceEqualityComparer.Instance);
    private Tenant? _lastTenant;
    private ZoneInterval? _lastInterval;

    /// <summary>The zone of every tenant a day was asked for.</summary>
    public ImmutableSortedDictionary<TenantId, DateTimeZone> Zones() =>
        _intervals.Keys.ToImmutableSortedDictionary(t => t.Id, t => t.Zone);

    /// <summary>The date of <paramref name="time"/> in <paramref name="tenant"/>'s zone.</summary>
    public LocalDate DayOf(Tenant tenant, Instant time)
    {
        if (!ReferenceEquals(tenant, _lastTenant))
        {
            _lastTenant = tenant;
            _lastInterval = _intervals.GetValueOrDefault(tenant);
        }

        if (_lastInterval is null || !_lastInterval.Contains(time))
        {
            _lastInterval = tenant.Zone.GetZoneInterval(time);
            _intervals[tenant] = _lastInterval;
        }

        return time.WithOffset(_lastInterval.WallOffset).Date;
    }
}
