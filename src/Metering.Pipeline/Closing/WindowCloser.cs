using System.Diagnostics;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Rules;
using Metering.Domain.Statements;
using Metering.Domain.Windows;
using Metering.Pipeline.Telemetry;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// Closes one window (the queue function's body): computes the invoice from stored activity and publishes it as
/// a new revision when, and only when, its billing content differs from the latest revision. Revisions are
/// created write-once, so a duplicated request, a rerun or two closers at once publish one revision; a close
/// interrupted after publishing and before updating the ledger finds its revision on the next run. A request that names
/// a statement period is checked here the same way and published by <see cref="StatementCloser"/>.
/// </summary>
public sealed class WindowCloser(
    IContractStore contracts,
    ITenantRegistry tenants,
    IActivityReader activity,
    WindowMeasurer measurer,
    IWatermarkStore watermarks,
    IInvoiceStore invoices,
    ICloseLedger ledger,
    StatementCloser statements,
    IClock clock,
    ILogger<WindowCloser> logger)
{
    // Two closers racing for the same revision: the loser lists, measures and compares again; a handful of rounds is plenty.
    private const int MaxPublishRounds = 5;

    /// <summary>Closes the requested window as of the clock's current instant.</summary>
    public async Task<CloseOutcome> CloseAsync(CloseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = MeteringTelemetry.Source.StartActivity("close.window");
        activity?.SetTag("metering.contract", request.Contract.Value);
        activity?.SetTag("metering.window", request.WindowId);
        activity?.SetTag("metering.close.reason", request.Reason);
        activity?.SetTag("metering.period", request.PeriodId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var closed = await CloseWindowAsync(request, cancellationToken).ConfigureAwait(false);
            outcome = closed.Status.ToString().ToLowerInvariant();
            activity?.SetTag("metering.revision", closed.Revision?.Revision ?? closed.StatementRevision?.Revision);
            if (closed is { Status: CloseStatus.Written, Invoice: { } written })
            {
                MeteringTelemetry.RevisionsWritten.Add(1, new KeyValuePair<string, object?>(
                    MeteringTelemetry.RevisionKindTag, written.Revision == 1 ? "first" : "superseding"));
            }
            else if (closed is { Status: CloseStatus.Written, Statement: not null })
            {
                MeteringTelemetry.RevisionsWritten.Add(1, new KeyValuePair<string, object?>(MeteringTelemetry.RevisionKindTag, "statement"));
            }

            return closed;
        }
        finally
        {
            var tag = new KeyValuePair<string, object?>(MeteringTelemetry.OutcomeTag, outcome);
            MeteringTelemetry.Closes.Add(1, tag);
            MeteringTelemetry.CloseDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
            activity?.SetTag(MeteringTelemetry.OutcomeTag, outcome);
            if (outcome == "failed")
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    private async Task<CloseOutcome> CloseWindowAsync(CloseRequest request, CancellationToken cancellationToken)
    {
        var asOf = clock.GetCurrentInstant();
        var contract = await contracts.GetAsync(request.Contract, cancellationToken).ConfigureAwait(false);
        if (contract is null)
        {
            return Skip(request, "no contract has this id");
        }

        var tenancy = ContractTenancy.Resolve(contract, await tenants.LoadAsync(cancellationToken).ConfigureAwait(false));
        if (!tenancy.IsValid)
        {
            return Skip(request, string.Join("; ", tenancy.Problems.Select(p => p.Message)));
        }

        var scheduled = ContractCalendar.WindowsOf(contract, tenancy.Zone!).FirstOrDefault(w => w.Window.Id == request.WindowId);
        if (scheduled is null)
        {
            return Skip(request, "the contract has no such window (amended since the request?)");
        }

        if (request.PeriodId is { } periodId)
        {
            var period = StatementCalendar.PeriodsOf(scheduled).FirstOrDefault(p => p.Id == periodId);
            if (period is null)
            {
                return Skip(request, "the window has no such statement period");
            }

            if (!ClosePolicy.IsDue(contract, period.Window, asOf))
            {
                return Skip(request, $"not due before {ClosePolicy.ClosesAt(period.Window, contract.GraceDays)}");
            }

            // As for a window: a batch writing data for the period's days after our reads leaves a touch.
            await RaiseWatermarksAsync(contract, period.Window.Days.End, cancellationToken).ConfigureAwait(false);
            return await statements.CloseAsync(request, contract, scheduled, period, asOf, cancellationToken).ConfigureAwait(false);
        }

        if (!ClosePolicy.IsDue(contract, scheduled.Window, asOf))
        {
            return Skip(request, $"not due before {ClosePolicy.ClosesAt(scheduled.Window, contract.GraceDays)}");
        }

        // Raise the watermark before reading: any batch that writes data for these days after our reads will
        // see it and leave a touch, so the scheduler will bring us back (docs/closing.md).
        await RaiseWatermarksAsync(contract, scheduled.Window.Days.End, cancellationToken).ConfigureAwait(false);

        var digest = ContractDigest.Of(contract);
        for (var round = 0; round < MaxPublishRounds; round++)
        {
            // List first, then measure: the measurement is then at least as new as the latest revision (its closer read
            // before publishing it), so publishing over it never replaces newer figures with older ones. A closer that
            // loses the race for the next revision lists and measures again rather than publish its older draft.
            var revisions = await invoices.ListRevisionsAsync(contract.BillingTenant, contract.Id, scheduled.Window.Id, cancellationToken).ConfigureAwait(false);
            var baseline = await TouchBaselines.ReadAsync(activity, contract, scheduled.Needs, cancellationToken).ConfigureAwait(false);
            var draft = await measurer.DraftAsync(contract, scheduled, asOf, cancellationToken).ConfigureAwait(false);
            var (measurement, evidence, evidenceName, candidate) = (draft.Measurement, draft.Evidence, draft.EvidenceName, draft.Invoice);

            // Computed once: superseding changes only what the fingerprint leaves out (revision, supersedes, delta, late events).
            var fingerprint = InvoiceFingerprint.Compute(candidate);
            if (revisions.Count > 0)
            {
                var latest = revisions[^1];
                var stored = await invoices.ReadAsync(latest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Revision {latest.BlobName} was listed but cannot be read.");
                var previous = InvoiceJson.Read(stored.Json);
                if (fingerprint == InvoiceFingerprint.Compute(previous))
                {
                    await RecordAsync(contract, scheduled.Window, latest.Revision, fingerprint, baseline, digest, asOf, cancellationToken).ConfigureAwait(false);
                    return new CloseOutcome(request, CloseStatus.Unchanged, latest, previous);
                }

                candidate = candidate.Supersede(previous, baseline.Since(stored.Baseline));
            }

            var revision = new InvoiceRevision(contract.BillingTenant, contract.Id, scheduled.Window.Id, candidate.Revision);
            await invoices.WriteEvidenceAsync(evidenceName, evidence.Content, cancellationToken).ConfigureAwait(false);
            if (await invoices.TryCreateAsync(revision, InvoiceJson.Write(candidate), baseline, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Published {Invoice} ({Quantity} billed)", candidate.InvoiceId, measurement.Quantity);
                await RecordAsync(contract, scheduled.Window, candidate.Revision, fingerprint, baseline, digest, asOf, cancellationToken).ConfigureAwait(false);
                return new CloseOutcome(request, CloseStatus.Written, revision, candidate);
            }

            logger.LogInformation("Revision {Revision} of {Window} was published by another closer; measuring again", revision.BlobName, scheduled.Window.Id);
        }

        throw new InvalidOperationException($"Could not publish {contract.Id}/{scheduled.Window.Id} after {MaxPublishRounds} rounds of concurrent closes.");
    }

    private static CloseOutcome Skip(CloseRequest request, string detail) => new(request, CloseStatus.Skipped, null, null, detail);

    private Task RecordAsync(Contract contract, BillingWindow window, int revision, string fingerprint, TouchBaseline baseline, string digest, Instant asOf, CancellationToken cancellationToken) =>
        ledger.SaveAsync(new CloseRecord(contract.Id, window.Id, revision, fingerprint, baseline.Records, digest, asOf), cancellationToken);

    private async Task RaiseWatermarksAsync(Contract contract, LocalDate through, CancellationToken cancellationToken)
    {
        foreach (var tenant in contract.Tenants)
        {
            await watermarks.RaiseAsync(tenant, through, cancellationToken).ConfigureAwait(false);
        }
    }
}
