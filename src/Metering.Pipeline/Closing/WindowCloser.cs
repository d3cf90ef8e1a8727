using System.Collections.Immutable;
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
            CloseOutcome closed;
            try
            {
                closed = await CloseWindowAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ContractChangedException e)
            {
                // Measured under a contract amended since: its amended close publishes (RevisionPublisher).
                closed = Skip(request, e.Message);
            }

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

            // As for a window: a batch writing data for the period's days after our reads leaves a touch. Once the window
            // itself is due, through the window's end: the statement reads its facts as the invoice does, and a fact
            // arriving after these reads must bring both back.
            var through = ClosePolicy.IsDue(contract, scheduled.Window, asOf) ? scheduled.Window.Days.End : period.Window.Days.End;
            await RaiseWatermarksAsync(contract, through, cancellationToken).ConfigureAwait(false);
            return await statements.CloseAsync(request, contract, scheduled, period, asOf, cancellationToken, StillCurrent(contract)).ConfigureAwait(false);
        }

        if (!ClosePolicy.IsDue(contract, scheduled.Window, asOf))
        {
            return Skip(request, $"not due before {ClosePolicy.ClosesAt(scheduled.Window, contract.GraceDays)}");
        }

        // Raise the watermark before reading: any batch that writes data for these days after our reads will
        // see it and leave a touch, so the scheduler will bring us back (docs/closing.md).
        await RaiseWatermarksAsync(contract, scheduled.Window.Days.End, cancellationToken).ConfigureAwait(false);

        var (status, revision, invoice) = await RevisionPublisher.PublishAsync(
            new InvoiceKind(invoices, measurer, contract, scheduled, asOf),
            ct => TouchBaselines.ReadAsync(activity, contract, scheduled.Needs, ct),
            invoices,
            ledger,
            logger,
            $"{contract.Id}/{scheduled.Window.Id}",
            StillCurrent(contract),
            cancellationToken).ConfigureAwait(false);
        if (status == CloseStatus.Written)
        {
            logger.LogInformation("Published {Invoice} ({Quantity} billed)", invoice.InvoiceId, invoice.Figures.Quantity);
        }

        return new CloseOutcome(request, status, revision, invoice);
    }

    private static CloseOutcome Skip(CloseRequest request, string detail) => new(request, CloseStatus.Skipped, null, null, detail);

    /// <summary>Whether <paramref name="contract"/>, read when the close began, is still the stored document (read again).</summary>
    private Func<CancellationToken, Task<bool>> StillCurrent(Contract contract)
    {
        var digest = ContractDigest.Of(contract);
        return async ct => await contracts.GetAsync(contract.Id, ct).ConfigureAwait(false) is { } stored
            && string.Equals(ContractDigest.Of(stored), digest, StringComparison.Ordinal);
    }

    private async Task RaiseWatermarksAsync(Contract contract, LocalDate through, CancellationToken cancellationToken)
    {
        foreach (var tenant in contract.Tenants)
        {
            await watermarks.RaiseAsync(tenant, through, cancellationToken).ConfigureAwait(false);
        }
    }

    // An invoice of one window: its revisions, drafted by the measurer, fingerprinted by InvoiceFingerprint.
    private sealed class InvoiceKind(IInvoiceStore invoices, WindowMeasurer measurer, Contract contract, ScheduledWindow scheduled, Instant asOf)
        : IRevisionKind<InvoiceRevision, Invoice>
    {
        private readonly string _digest = ContractDigest.Of(contract);

        public string NameOf(InvoiceRevision revision) => revision.BlobName;

        public Task<IReadOnlyList<InvoiceRevision>> ListAsync(CancellationToken cancellationToken) =>
            invoices.ListRevisionsAsync(contract.BillingTenant, contract.Id, scheduled.Window.Id, cancellationToken);

        public async Task<(ReadOnlyMemory<byte> Json, TouchBaseline Baseline)?> ReadAsync(InvoiceRevision revision, CancellationToken cancellationToken) =>
            await invoices.ReadAsync(revision, cancellationToken).ConfigureAwait(false) is { } stored ? (stored.Json, stored.Baseline) : null;

        public async Task<(Invoice Draft, EvidenceFile Evidence, string EvidenceName)> DraftAsync(CancellationToken cancellationToken)
        {
            var draft = await measurer.DraftAsync(contract, scheduled, asOf, cancellationToken).ConfigureAwait(false);
            return (draft.Invoice, draft.Evidence, draft.EvidenceName);
        }

        public Invoice Parse(ReadOnlyMemory<byte> json) => InvoiceJson.Read(json);

        public byte[] Write(Invoice document) => InvoiceJson.Write(document);

        public string Fingerprint(Invoice document) => InvoiceFingerprint.Compute(document);

        public int RevisionOf(Invoice document) => document.Revision;

        public InvoiceRevision AddressOf(int revision) => new(contract.BillingTenant, contract.Id, scheduled.Window.Id, revision);

        public Invoice Supersede(Invoice draft, Invoice previous, ImmutableSortedDictionary<LocalDate, long> lateEvents) => draft.Supersede(previous, lateEvents);

        public Task<bool> TryCreateAsync(InvoiceRevision revision, byte[] json, TouchBaseline baseline, CancellationToken cancellationToken) =>
            invoices.TryCreateAsync(revision, json, baseline, cancellationToken);

        public CloseRecord Record(int revision, string fingerprint, TouchBaseline baseline) =>
            new(contract.Id, scheduled.Window.Id, revision, fingerprint, baseline.Records, _digest, asOf);
    }
}
