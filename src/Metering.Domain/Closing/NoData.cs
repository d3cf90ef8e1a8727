using System.Collections.Immutable;
using Metering.Domain.Measures;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;

namespace Metering.Domain.Closing;

/// <summary>
/// A zero that may be an outage (docs/closing.md, "A window with no data"): a window that measures 0 while storage
/// holds no event of any kind (activity, fact or session) dated in it for any of the contract's tenants. A stopped
/// stream and an idle customer look the same in the figures, so the invoice says which it may be: a <c>no-data</c>
/// anomaly and a note, and billing checks ingest before it sends a zero.
/// </summary>
public static class NoData
{
    /// <summary>The anomaly code.</summary>
    public const string Code = "no-data";

    /// <summary>Whether the close must ask storage if the window holds any data: only a zero is in doubt.</summary>
    public static bool InDoubt(Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.Quantity == 0;
    }

    /// <summary><paramref name="measurement"/> with the <c>no-data</c> anomaly and its note.</summary>
    public static Measurement Mark(Measurement measurement, IEnumerable<TenantId> tenants, BillingWindow window)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(window);
        var names = string.Join(", ", tenants.Order().Select(t => t.Value));
        var days = IsoText.Of(window.Days);
        var anomaly = new Anomaly(
            Code,
            $"No event of tenant(s) {names} is stored for any day of {days} ({window.Zone.Id}): if their apps ran, the stream stopped and this 0 is not a count; check ingest (dead letters, the event hub consumer) before billing.",
            []);
        return measurement with
        {
            Anomalies = RuleEvaluation.SortAnomalies(measurement.Anomalies.Add(anomaly)),
            Notes = measurement.Notes.Add($"no data: storage holds no event of the contract's tenants dated {days}"),
        };
    }
}
