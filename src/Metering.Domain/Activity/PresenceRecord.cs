using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Activity;

/// <summary>
/// The local days of one month on which one unit had activity of one kind, for one tenant. Bit <c>d - 1</c> of
/// <see cref="Days"/> is set when there was activity on day <c>d</c> of <see cref="Month"/>, a local day of the
/// tenant's billing zone. Writes merge days in, so redelivery and reordering cannot change a record.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Month">The local month.</param>
/// <param name="Kind">The activity kind.</param>
/// <param name="Unit">The subject exactly as sent (aliases are resolved later, by the rule).</param>
/// <param name="Days">The day mask.</param>
public sealed record PresenceRecord(TenantId Tenant, YearMonth Month, ActivityKind Kind, Subject Unit, uint Days)
{
    /// <summary>The local days in the mask, in order.</summary>
    public IEnumerable<LocalDate> LocalDays()
    {
        for (var d = 1; d <= 31; d++)
        {
            if ((Days & (1u << (d - 1))) != 0)
            {
                yield return Month.OnDayOfMonth(d);
            }
        }
    }

    /// <summary>The mask bit of a day.</summary>
    public static uint Bit(LocalDate day) => 1u << (day.Day - 1);
}
