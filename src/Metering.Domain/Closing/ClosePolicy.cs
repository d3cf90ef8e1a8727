using Metering.Domain.Contracts;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Closing;

/// <summary>When a window may close (docs/closing.md).</summary>
public static class ClosePolicy
{
    /// <summary>
    /// The first instant at which <paramref name="window"/> may close: local midnight (in the billing zone) of the
    /// day that follows its last day by <paramref name="graceDays"/> + 1 days. With the default grace of 2 days, a
    /// March window closes at the start of 3 April.
    /// </summary>
    public static Instant ClosesAt(BillingWindow window, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfNegative(graceDays);
        return window.Zone.AtStartOfDay(window.Days.End.PlusDays(1 + graceDays)).ToInstant();
    }

    /// <summary>Whether <paramref name="window"/> of <paramref name="contract"/> may close at <paramref name="asOf"/>.</summary>
    public static bool IsDue(Contract contract, BillingWindow window, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return asOf >= ClosesAt(window, contract.GraceDays);
    }
}
