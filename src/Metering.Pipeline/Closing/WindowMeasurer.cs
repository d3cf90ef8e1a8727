using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Measures;
using Metering.Domain.Ports;
using Metering.Domain.Rules;
using Metering.Domain.Statements;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// Measures one window of a contract over stored activity and drafts its invoice, writing nothing: what the close
/// publishes (<see cref="WindowCloser"/>) and what a rating of a contract that is not applied shows
/// (<c>Rating.ContractRater</c>) come from this one computation.
/// </summary>
public sealed class WindowMeasurer(IActivityReader activity)
{
    /// <summary>
    /// Reads what <paramref name="scheduled"/> needs of the contract's tenants, measures it with the version's rule
    /// (<see cref="RuleEngine"/>), marks a zero that may be an outage (<see cref="NoData"/>), and drafts revision 1 of
    /// its invoice as of <paramref name="asOf"/>, with the evidence file it names. A <paramref name="trace"/> is told what
    /// the rule decided about the units it follows (<c>explain</c>, <c>reconcile</c>); it changes nothing measured.
    /// </summary>
    public async Task<WindowDraft> DraftAsync(Contract contract, ScheduledWindow scheduled, Instant asOf, CancellationToken cancellationToken, UnitTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        var inputs = await ReadInputsAsync(contract, scheduled.Needs, cancellationToken).ConfigureAwait(false);
        var measurement = RuleEngine.Measure(contract, scheduled, inputs, trace);
        if (NoData.InDoubt(measurement) && !await AnyDataAsync(contract, scheduled.Window, cancellationToken).ConfigureAwait(false))
        {
            measurement = NoData.Mark(measurement, contract.Tenants, scheduled.Window);
        }

        var evidence = EvidenceFile.Build(measurement.Evidence);
        var evidenceName = InvoiceRevision.EvidenceBlobName(contract.BillingTenant, contract.Id, scheduled.Window.Id, evidence.Sha256);
        var invoice = Invoice.Draft(contract, scheduled.Version, scheduled.Window, measurement, evidence.Reference(evidenceName), asOf);
        return new WindowDraft(measurement, evidence, evidenceName, invoice);
    }

    /// <summary>
    /// Reads what the statement of <paramref name="period"/> needs (<see cref="StatementCalendar.NeedsOf"/>), measures it
    /// with the window's own rule code (<see cref="StatementMeasurement"/>) and drafts revision 1 of the statement as of
    /// <paramref name="asOf"/>, with the evidence file it names.
    /// </summary>
    public async Task<StatementDraft> DraftStatementAsync(Contract contract, ScheduledWindow scheduled, StatementPeriod period, Instant asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(period);
        var inputs = await ReadInputsAsync(contract, StatementCalendar.NeedsOf(contract, scheduled, period), cancellationToken).ConfigureAwait(false);
        var measured = StatementMeasurement.Of(contract, scheduled, period, inputs);
        var evidence = EvidenceFile.Build(measured.Evidence);
        var evidenceName = StatementRevision.EvidenceBlobName(contract.BillingTenant, contract.Id, scheduled.Window.Id, period.Id, evidence.Sha256);
        var statement = Statement.Draft(contract, scheduled.Version, scheduled.Window, measured, evidence.Reference(evidenceName), asOf);
        return new StatementDraft(measured, evidence, evidenceName, statement);
    }

    private async Task<bool> AnyDataAsync(Contract contract, BillingWindow window, CancellationToken cancellationToken)
    {
        foreach (var tenant in contract.Tenants)
        {
            if (await activity.HasDataAsync(tenant, window.Days, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<MeteringInputs> ReadInputsAsync(Contract contract, DataNeeds needs, CancellationToken cancellationToken)
    {
        // Streamed: the inputs keep units and their distinct facts, never the stored rows themselves.
        var inputs = new MeteringInputs();
        foreach (var tenant in contract.Tenants)
        {
            foreach (var month in needs.PresenceMonths)
            {
                await foreach (var record in activity.ReadPresenceAsync(tenant, month, cancellationToken).ConfigureAwait(false))
                {
                    inputs.AddPresence(record);
                }
            }

            if (needs.FactsThrough is { } through)
            {
                await foreach (var fact in activity.ReadFactsAsync(tenant, through, cancellationToken).ConfigureAwait(false))
                {
                    inputs.AddFact(fact);
                }
            }

            if (!needs.SessionMonths.IsEmpty)
            {
                await foreach (var session in activity.ReadSessionsAsync(tenant, needs.SessionMonths[0], needs.SessionMonths[^1], cancellationToken).ConfigureAwait(false))
                {
                    inputs.AddSession(session);
                }
            }
        }

        return inputs;
    }
}

/// <summary>One window measured and drafted (<see cref="WindowMeasurer"/>).</summary>
/// <param name="Measurement">What the rule measured.</param>
/// <param name="Evidence">The evidence file of the counted units.</param>
/// <param name="EvidenceName">The blob name the invoice gives its evidence.</param>
/// <param name="Invoice">The invoice as revision 1.</param>
public sealed record WindowDraft(Measurement Measurement, EvidenceFile Evidence, string EvidenceName, Invoice Invoice);

/// <summary>One statement period measured and drafted (<see cref="WindowMeasurer.DraftStatementAsync"/>).</summary>
/// <param name="Measured">What the window's rule measured for the period.</param>
/// <param name="Evidence">The evidence file of its units.</param>
/// <param name="EvidenceName">The blob name the statement gives its evidence.</param>
/// <param name="Statement">The statement as revision 1.</param>
public sealed record StatementDraft(StatementMeasurement Measured, EvidenceFile Evidence, string EvidenceName, Statement Statement);
