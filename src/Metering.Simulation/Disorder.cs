namespace Metering.Simulation;

/// <summary>
/// How untidy delivery is, as fractions of the events generated (each between 0 and 1): what the pipeline must
/// absorb without changing a figure (duplicates, redeliveries, reordering) or must keep aside (bad lines), and the
/// events that arrive after their window closed.
/// </summary>
/// <param name="Duplicates">Events sent twice, the copy a little later (a producer retrying).</param>
/// <param name="Redeliveries">Chance per tenant-day that a run of already sent events is sent again (an Event Hubs redelivery after a rebalance).</param>
/// <param name="OutOfOrder">Events held back and sent one to three days later.</param>
/// <param name="Late">Events withheld from the on-time stream and sent only in the late stream (after the close).</param>
/// <param name="BadLines">Extra lines that must be rejected: malformed JSON, unknown type, unregistered source, future time, bad subject, bad data.</param>
public sealed record Disorder(double Duplicates, double Redeliveries, double OutOfOrder, double Late, double BadLines)
{
    /// <summary>No disorder: every event once, in time order per tenant.</summary>
    public static Disorder None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>A realistic sprinkle: 1% duplicates, a redelivery on 5% of tenant-days, 1% reordered, 0.1% late, 0.2% bad lines.</summary>
    public static Disorder Realistic { get; } = new(0.01, 0.05, 0.01, 0.001, 0.002);

    /// <summary>Every problem with these fractions.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[] { ("duplicates", Duplicates), ("redeliveries", Redeliveries), ("outOfOrder", OutOfOrder), ("late", Late), ("badLines", BadLines) })
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                yield return $"disorder.{name} must be a fraction between 0 and 1.";
            }
        }
    }
}
