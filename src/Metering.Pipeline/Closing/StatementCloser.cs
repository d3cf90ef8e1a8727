using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Metering.Domain.Rules;
using Metering.Domain.Statements;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// Publishes the statement of one period of a long window (issue 11, docs/closing.md "Statements"), the way
/// <see cref="WindowCloser"/> publishes an invoice, which hands it the request once the period is due: measured over
/// stored activity through the period's end, published as a new revision when, and only when, its content differs from
/// the latest one, write-once, so duplicates and racing closers publish one revision.
/// </summary>
public sealed class StatementCloser(
    IActivityReader activity,
    WindowMeasurer measurer,
    IInvoiceStore invoices,
    IStatementStore statements,
    ICloseLedger ledger,
    ILogger<StatementCloser> logger)
{
    private const int MaxPublishRounds = 5;

    /// <summary>Closes <paramref name="period"/> of <paramref name="scheduled"/> as of <paramref name="asOf"/>; the caller has checked it is due.</summary>
    public async Task<CloseOutcome> CloseAsync(CloseRequest request, Contract contract, ScheduledWindow scheduled, StatementPeriod period, Instant asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(period);
        var needs = StatementCalendar.NeedsOf(contract, scheduled, period);
        var digest = ContractDigest.Of(contract);
        var windowId = scheduled.Window.Id;
        for (var round = 0; round < MaxPublishRounds; round++)
        {
            // List, then measure: as for invoices, what is published is never older than the revision it supersedes.
            var revisions = await statements.ListStatementRevisionsAsync(contract.BillingTenant, contract.Id, windowId, period.Id, cancellationToken).ConfigureAwait(false);
            var baseline = await TouchBaselines.ReadAsync(activity, contract, needs, cancellationToken).ConfigureAwait(false);
            var draft = await measurer.DraftStatementAsync(contract, scheduled, period, asOf, cancellationToken).ConfigureAwait(false);
            var candidate = draft.Statement;
            var fingerprint = StatementJson.Fingerprint(candidate);
            if (revisions.Count > 0)
            {
                var latest = revisions[^1];
                var stored = await statements.ReadStatementAsync(latest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Statement {latest.BlobName} was listed but cannot be read.");
                var previous = StatementJson.Read(stored.Json);
                if (fingerprint == StatementJson.Fingerprint(previous))
                {
                    await RecordAsync(contract, windowId, period, latest.Revision, fingerprint, baseline, digest, asOf, cancellationToken).ConfigureAwait(false);
                    return new CloseOutcome(request, CloseStatus.Unchanged, null, null) { StatementRevision = latest, Statement = previous };
                }

                candidate = candidate.Supersede(previous, baseline.Since(stored.Baseline));
            }

            var revision = new StatementRevision(contract.BillingTenant, contract.Id, windowId, period.Id, candidate.Revision);
            await invoices.WriteEvidenceAsync(draft.EvidenceName, draft.Evidence.Content, cancellationToken).ConfigureAwait(false);
            if (await statements.TryCreateStatementAsync(revision, StatementJson.Write(candidate), baseline, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Published statement {Statement} ({Count} counted)", candidate.StatementId, candidate.Count);
                await RecordAsync(contract, windowId, period, candidate.Revision, fingerprint, baseline, digest, asOf, cancellationToken).ConfigureAwait(false);
                return new CloseOutcome(request, CloseStatus.Written, null, null) { StatementRevision = revision, Statement = candidate };
            }

            logger.LogInformation("Statement revision {Revision} was published by another closer; measuring again", revision.BlobName);
        }

        throw new InvalidOperationException($"Could not publish the statement {contract.Id}/{windowId}/{period.Id} after {MaxPublishRounds} rounds of concurrent closes.");
    }

    private Task RecordAsync(Contract contract, string windowId, StatementPeriod period, int revision, string fingerprint, TouchBaseline baseline, string digest, Instant asOf, CancellationToken cancellationToken) =>
        ledger.SaveAsync(new CloseRecord(contract.Id, windowId, revision, fingerprint, baseline.Records, digest, asOf, period.Id), cancellationToken);
}

/// <summary>The late-event baseline of a close: the touch records of every day it reads, of every tenant of the contract.</summary>
internal static class TouchBaselines
{
    // Not only the window's days: a late state fact dated before the window changes its figures as much as one inside it.
    public static async Task<TouchBaseline> ReadAsync(IActivityReader activity, Contract contract, DataNeeds needs, CancellationToken cancellationToken)
    {
        var touches = new List<DayTouchTotal>();
        foreach (var tenant in contract.Tenants)
        {
            touches.AddRange(await activity.ReadTouchesAsync(tenant, needs.FirstDayRead, needs.LastDayRead, cancellationToken).ConfigureAwait(false));
        }

        return TouchBaseline.Of(touches, needs);
    }
}
