using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Events;

/// <summary>A valid event of the catalog, typed (docs/events.md). Only the parser creates them.</summary>
/// <param name="Key">
/// The event's identity, <see cref="EventKey.Of"/>(<paramref name="Source"/>, <paramref name="Id"/>), for events
/// whose type records a fact (<see cref="EventType.Family"/> not null, <c>content.opened</c> included).
/// Activity-only events carry <c>default</c>: presence is a set of days merged per unit, so it never needs the
/// key, and hashing every activity event would cost more than parsing it. Compute the key from
/// <paramref name="Source"/> and <paramref name="Id"/> when an activity event's identity is needed.
/// </param>
/// <param name="Id">The CloudEvents <c>id</c>.</param>
/// <param name="Source">The CloudEvents <c>source</c>: the producing app.</param>
/// <param name="Tenant">The <c>tenantid</c> extension attribute.</param>
/// <param name="Type">The catalogued type.</param>
/// <param name="Subject">The counted thing (user id, endpoint id, access-ID code, course id, organisation), exactly as sent.</param>
/// <param name="Time">The moment the activity happened.</param>
/// <param name="Data">The catalogued <c>data</c> fields.</param>
public sealed record MeteringEvent(
    EventKey Key,
    string Id,
    string Source,
    TenantId Tenant,
    EventType Type,
    Subject Subject,
    Instant Time,
    EventData Data);
