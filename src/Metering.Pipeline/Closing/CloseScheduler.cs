using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Ports;
using Metering.Domain.Rules;
using Metering.Domain.Statements;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using Metering.Pipeline.Telemetry;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// The schedule step of the close (the timer function's body): at an instant, finds every window of every contract,
/// and every statement period of a long window (<see cref="StatementCalendar"/>), whose end plus grace has passed and
/// that was never closed, received late events since it was closed, or whose contract was amended since; enqueues one
/// request per such window or period. Running it twice, or twice at once, only
/// enqueues duplicates, which the closers absorb.
/// </summary>
public sealed class CloseScheduler(
    IContractStore contracts,
    ITenantRegistry tenants,
    ICloseLedger ledger,
    IActivityReader activity,
    ICloseQueue queue,
    ILogger<CloseScheduler> logger)
{
    /// <summary>Schedules every due window at <paramref name="asOf"/>.</summary>
    public async Task<ScheduledClose> ScheduleAsync(Instant asOf, CancellationToken cancellationToken)
    {
        using var activity = MeteringTelemetry.Source.StartActivity("close.schedule");
        var directory = await tenants.LoadAsync(cancellationToken).ConfigureAwait(false);
        var requested = new List<CloseRequest>();
        var problems = new List<string>();
        var listing = await contracts.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var unreadable in listing.Unreadable)
        {
            // Not closed, and said at every schedule until the contract is applied again within the limits.
            var reason = $"not closed: {unreadable}";
            logger.LogWarning("{Reason}", reason);
            problems.Add(reason);
        }

        foreach (var contract in listing.Contracts)
        {
            var tenancy = ContractTenancy.Resolve(contract, directory);
            if (!tenancy.IsValid)
            {
                var reason = $"contract {contract.Id} is not closed: {string.Join("; ", tenancy.Problems.Select(p => p.Message))}";
                logger.LogWarning("{Reason}", reason);
                problems.Add(reason);
                continue;
            }

            var windows = ContractCalendar.WindowsOf(contract, tenancy.Zone!);
            var due = DueCloses(contract, windows, asOf);
            if (due.Count == 0)
            {
                continue;
            }

            var records = await ledger.ListAsync(contract.Id, cancellationToken).ConfigureAwait(false);
            problems.AddRange(Withdrawn(contract, windows, records));
            var touches = await ReadTouchesAsync(contract, due, cancellationToken).ConfigureAwait(false);
            var digest = ContractDigest.Of(contract);
            foreach (var (windowId, periodId, needs, windowClosed) in due)
            {
                var reason = ReasonToClose(needs, records.GetValueOrDefault(CloseRecord.KeyOf(windowId, periodId)), digest, touches, windowClosed);
                if (reason is null)
                {
                    continue;
                }

                var request = new CloseRequest(contract.Id, windowId, reason, periodId);
                await queue.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
                requested.Add(request);
                MeteringTelemetry.ClosesScheduled.Add(1, new KeyValuePair<string, object?>(MeteringTelemetry.ReasonTag, reason));
            }
        }

        logger.LogInformation("Close schedule at {AsOf}: {Count} window(s) to close", asOf, requested.Count);
        activity?.SetTag("metering.closes.scheduled", requested.Count);
        return new ScheduledClose(requested, problems);
    }

    // Every window whose end plus grace has passed, then every statement period whose own end plus grace has: a year's
    // periods close one by one long before the year does (issue 11). Invoices are enqueued first: billing waits on them,
    // while a statement only informs. A period also carries the instant its window became due, if it has.
    private static List<(string WindowId, string? PeriodId, DataNeeds Needs, Instant? WindowClosed)> DueCloses(Contract contract, IReadOnlyList<ScheduledWindow> windows, Instant asOf)
    {
        var due = windows.Where(w => ClosePolicy.IsDue(contract, w.Window, asOf)).Select(w => (w.Window.Id, (string?)null, w.Needs, (Instant?)null)).ToList();
        foreach (var scheduled in windows)
        {
            var closes = ClosePolicy.ClosesAt(scheduled.Window, contract.GraceDays);
            foreach (var period in StatementCalendar.PeriodsOf(scheduled).Where(p => ClosePolicy.IsDue(contract, p.Window, asOf)))
            {
                due.Add((scheduled.Window.Id, period.Id, StatementCalendar.NeedsOf(contract, scheduled, period), asOf >= closes ? closes : null));
            }
        }

        return due;
    }

    // An amendment whose version starts inside a closed window replaces that window with two others: the published
    // invoice of the old window stands and nothing supersedes it, so billing must hear of it (docs/closing.md). The
    // statements of a window the contract no longer has stand too, and are named when it has no invoice.
    private IEnumerable<string> Withdrawn(Contract contract, IReadOnlyList<ScheduledWindow> windows, IReadOnlyDictionary<string, CloseRecord> records)
    {
        var current = windows.Select(w => w.Window.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var window in records.Values.Where(r => !current.Contains(r.WindowId)).GroupBy(r => r.WindowId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var problem = window.FirstOrDefault(r => r.PeriodId is null) is { } invoice
                ? $"contract {contract.Id} no longer has window {window.Key}, whose revision {invoice.Revision} is published: " +
                    "an amendment starts inside it; that invoice stands unsuperseded while the windows replacing it are invoiced too"
                : $"contract {contract.Id} no longer has window {window.Key}, whose statements of {window.Count()} period(s) are published: " +
                    "they stand as they are, for a window that will not be invoiced";
            logger.LogWarning("{Problem}", problem);
            yield return problem;
        }

        // A window kept whole whose periods an amendment changed (another rule, another anchor): the statements of the
        // periods it no longer has stand as they are.
        foreach (var scheduled in windows)
        {
            var periods = StatementCalendar.PeriodsOf(scheduled).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var gone = records.Values.Where(r => r.WindowId == scheduled.Window.Id && r.PeriodId is { } period && !periods.Contains(period)).ToList();
            if (gone.Count > 0)
            {
                var problem = $"contract {contract.Id}, window {scheduled.Window.Id}, no longer has the statement period(s) {string.Join(", ", gone.Select(r => r.PeriodId).Order(StringComparer.Ordinal))}, " +
                    "whose statements are published: an amendment changed how the window is measured; they stand as they are";
                logger.LogWarning("{Problem}", problem);
                yield return problem;
            }
        }
    }

    private static string? ReasonToClose(DataNeeds needs, CloseRecord? record, string digest, IReadOnlyList<DayTouchTotal> touches, Instant? windowClosed)
    {
        if (record is null)
        {
            return "due";
        }

        if (!string.Equals(record.ContractDigest, digest, StringComparison.Ordinal))
        {
            return "amended";
        }

        // A statement closed before its window was due is closed once more when the window is: facts that arrived on
        // time since (an alias declared later in the year) change it as they change the invoice, without being late.
        if (windowClosed is { } closed && record.CheckedAt < closed)
        {
            return "window-closed";
        }

        // The close reads more than the window's days (facts from the start of history, sessions opened before it):
        // any late event in what it reads can change a figure, so the baseline covers all of it (docs/closing.md).
        // Touch records only grow, so only more of them than the ledger saw is news. Fewer (touch rows lost while the
        // ledger survived, or a record of a version that counted touches more widely) means nothing arrived; since the
        // ledger never goes back to a lower count, scheduling on any difference would bring the window back forever.
        return TouchBaseline.Of(touches, needs).Records > record.TouchRecords ? "late-events" : null;
    }

    private async Task<IReadOnlyList<DayTouchTotal>> ReadTouchesAsync(Contract contract, IReadOnlyList<(string WindowId, string? PeriodId, DataNeeds Needs, Instant? WindowClosed)> due, CancellationToken cancellationToken)
    {
        // One read per tenant over the days every due close reads: touches exist only for late days, so this is small.
        var from = due.Any(w => w.Needs.FirstDayRead is null) ? (LocalDate?)null : due.Min(w => w.Needs.FirstDayRead!.Value);
        var through = due.Max(w => w.Needs.LastDayRead);
        var all = new List<DayTouchTotal>();
        foreach (var tenant in contract.Tenants)
        {
            all.AddRange(await activity.ReadTouchesAsync(tenant, from, through, cancellationToken).ConfigureAwait(false));
        }

        return all;
    }
}
