using System.Collections.Immutable;
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
/// stored activity (<see cref="StatementCalendar.NeedsOf"/>), published as a new revision when, and only when, its content differs from
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
    /// <summary>
    /// Closes <paramref name="period"/> of <paramref name="scheduled"/> as of <paramref name="asOf"/>; the caller has
    /// checked it is due. <paramref name="stillCurrent"/> tells, before a revision is created, whether
    /// <paramref name="contract"/> is still the stored one (always, when null).
    /// </summary>
    public async Task<CloseOutcome> CloseAsync(
        CloseRequest request,
        Contract contract,
        ScheduledWindow scheduled,
        StatementPeriod period,
        Instant asOf,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task<bool>>? stillCurrent = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(period);
        var needs = StatementCalendar.NeedsOf(contract, scheduled, period);
        var (status, revision, statement) = await RevisionPublisher.PublishAsync(
            new PeriodStatement(statements, measurer, contract, scheduled, period, asOf),
            ct => TouchBaselines.ReadAsync(activity, contract, needs, ct),
            invoices,
            ledger,
            logger,
            $"the statement {contract.Id}/{scheduled.Window.Id}/{period.Id}",
            stillCurrent ?? (_ => Task.FromResult(true)),
            cancellationToken).ConfigureAwait(false);
        if (status == CloseStatus.Written)
        {
            logger.LogInformation("Published statement {Statement} ({Count} counted)", statement.StatementId, statement.Count);
        }

        return new CloseOutcome(request, status, null, null) { StatementRevision = revision, Statement = statement };
    }

    // A statement of one period: its revisions, drafted by the measurer, fingerprinted by StatementJson.
    private sealed class PeriodStatement(IStatementStore statements, WindowMeasurer measurer, Contract contract, ScheduledWindow scheduled, StatementPeriod period, Instant asOf)
        : IRevisionKind<StatementRevision, Statement>
    {
        private readonly string _digest = ContractDigest.Of(contract);

        public string NameOf(StatementRevision revision) => revision.BlobName;

        public Task<IReadOnlyList<StatementRevision>> ListAsync(CancellationToken cancellationToken) =>
            statements.ListStatementRevisionsAsync(contract.BillingTenant, contract.Id, scheduled.Window.Id, period.Id, cancellationToken);

        public async Task<(ReadOnlyMemory<byte> Json, TouchBaseline Baseline)?> ReadAsync(StatementRevision revision, CancellationToken cancellationToken) =>
            await statements.ReadStatementAsync(revision, cancellationToken).ConfigureAwait(false) is { } stored ? (stored.Json, stored.Baseline) : null;

        public async Task<(Statement Draft, EvidenceFile Evidence, string EvidenceName)> DraftAsync(CancellationToken cancellationToken)
        {
            var draft = await measurer.DraftStatementAsync(contract, scheduled, period, asOf, cancellationToken).ConfigureAwait(false);
            return (draft.Statement, draft.Evidence, draft.EvidenceName);
        }

        public Statement Parse(ReadOnlyMemory<byte> json) => StatementJson.Read(json);

        public byte[] Write(Statement document) => StatementJson.Write(document);

        public string Fingerprint(Statement document) => StatementJson.Fingerprint(document);

        public int RevisionOf(Statement document) => document.Revision;

        public StatementRevision AddressOf(int revision) => new(contract.BillingTenant, contract.Id, scheduled.Window.Id, period.Id, revision);

        public Statement Supersede(Statement draft, Statement previous, ImmutableSortedDictionary<LocalDate, long> lateEvents) => draft.Supersede(previous, lateEvents);

        public Task<bool> TryCreateAsync(StatementRevision revision, byte[] json, TouchBaseline baseline, CancellationToken cancellationToken) =>
            statements.TryCreateStatementAsync(revision, json, baseline, cancellationToken);

        public CloseRecord Record(int revision, string fingerprint, TouchBaseline baseline) =>
            new(contract.Id, scheduled.Window.Id, revision, fingerprint, baseline.Records, _digest, asOf, period.Id);
    }
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
