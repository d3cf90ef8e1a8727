using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Facts;

/// <summary>
/// One fact of a timeline: a state or session event reduced to what timelines need. A fact holds from its
/// <see cref="Time"/> on until a later fact of the same timeline changes it. Facts are deduplicated by
/// <see cref="Key"/>; their order is (time, then the type's precedence, then key), never arrival order.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Family">What the unit is (user, course, endpoint, ...).</param>
/// <param name="Unit">The subject exactly as sent.</param>
/// <param name="Time">When the fact took effect.</param>
/// <param name="Type">The event type.</param>
/// <param name="Key">The identity of the event it came from.</param>
/// <param name="Data">The catalogued data fields.</param>
public sealed record Fact(TenantId Tenant, FactFamily Family, Subject Unit, Instant Time, string Type, EventKey Key, EventData Data);
