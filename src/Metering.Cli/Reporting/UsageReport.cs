using System.Collections.Immutable;
using Metering.Cli.Reading;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Cli.Reporting;

/// <summary>
/// What a usage report shows (docs/report.md), read from the published invoices and the dead letters: per billing
/// tenant, per contract, each window's latest revision with the revisions before it, and the dead-letter reasons per
/// day. Every figure is the invoice's own; the report computes nothing a close would.
/// </summary>
/// <param name="GeneratedAt">When the report was read.</param>
/// <param name="Range">The days asked for (<c>--from</c>, <c>--to</c>), or null for every window.</param>
/// <param name="Tenants">Per billing tenant, in id order.</param>
public sealed record UsageReport(Instant GeneratedAt, DateInterval? Range, ImmutableArray<TenantUsage> Tenants)
{
    /// <summary>
    /// Reads the report: the invoices of <paramref name="tenant"/> and <paramref name="contract"/> (every one when
    /// null) whose windows meet <paramref name="range"/>, and the dead letters of their tenants received over the
    /// same days (a year at most, ending at the last; without a range, from the first window's first day to the day
    /// after the newest revision).
    /// </summary>
    public static async Task<UsageReport> ReadAsync(
        IInvoiceStore invoices, IDeadLetterStore deadLetters, TenantId? tenant, ContractId? contract, DateInterval? range, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var revisions = new Dictionary<(TenantId, ContractId, string), List<Invoice>>();
        await foreach (var revision in invoices.ListAsync(tenant, contract, cancellationToken))
        {
            // A window id is its first and last day: windows outside the range are never downloaded.
            if (range is { } r && WindowDays(revision.WindowId) is { } days && (days.End < r.Start || days.Start > r.End))
            {
                continue;
            }

            var stored = await invoices.ReadAsync(revision, cancellationToken)
                ?? throw new InvalidOperationException($"{revision.BlobName} was listed but is gone.");
            var key = (revision.Tenant, revision.Contract, revision.WindowId);
            if (!revisions.TryGetValue(key, out var list))
            {
                list = [];
                revisions.Add(key, list);
            }

            list.Add(InvoiceJson.Read(stored.Json));
        }

        var usages = revisions
            .GroupBy(r => r.Key.Item1)
            .OrderBy(g => g.Key.Value, StringComparer.Ordinal)
            .Select(byTenant => (Tenant: byTenant.Key, Contracts: byTenant
                .GroupBy(r => r.Key.Item2)
                .OrderBy(g => g.Key.Value, StringComparer.Ordinal)
                .Select(g => new ContractUsage(
                    g.Key,
                    g.Select(w => w.Value.OrderBy(i => i.Revision).Last().Contract.Name).FirstOrDefault(n => n is not null),
                    [.. g.OrderBy(w => w.Key.Item3, StringComparer.Ordinal).Select(w => WindowUsage.Of([.. w.Value.OrderBy(i => i.Revision)]))]))
                .ToImmutableArray()))
            .ToList();
        if (usages.Count == 0)
        {
            return new UsageReport(now, range, []);
        }

        // The dead letters are listed once, for every page: each names one tenant, which may be an affiliate billed
        // under another tenant's contracts; a page counts those of every tenant of its contracts.
        var received = Received(usages.SelectMany(u => u.Contracts).SelectMany(c => c.Windows).ToList(), range);
        var letters = new List<(string Tenant, LocalDate Day, ImmutableArray<string> Reasons)>();
        await foreach (var letter in DeadLetterQuery.ListAsync(deadLetters, received, null, null, cancellationToken))
        {
            if (letter.Attributes.Tenant is { } named)
            {
                letters.Add((named, letter.Batch.ReceivedAt.InUtc().Date, [.. letter.Rejected.Errors.Select(e => e.Code).Distinct(StringComparer.Ordinal)]));
            }
        }

        var tenants = usages.Select(u =>
        {
            var covered = u.Contracts.SelectMany(c => c.Windows).SelectMany(w => w.Latest.Tenants).Select(t => t.Value).Append(u.Tenant.Value).ToHashSet(StringComparer.Ordinal);
            var mine = letters.Where(l => covered.Contains(l.Tenant)).ToList();
            var days = mine
                .SelectMany(l => l.Reasons.Select(reason => (l.Tenant, l.Day, Reason: reason)))
                .GroupBy(x => x)
                .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
                .Select(g => new DeadLetterDay(g.Key.Day, g.Key.Tenant, g.Key.Reason, g.Count()))
                .ToImmutableArray();
            return new TenantUsage(u.Tenant, u.Contracts, received, days, mine.Count);
        });
        return new UsageReport(now, range, [.. tenants]);
    }

    // The receipt instants whose dead letters a report counts: the report's days, or without a range from the first
    // window's first day to the day after the newest revision; a year at most, ending at the last.
    private static Interval Received(List<WindowUsage> windows, DateInterval? range)
    {
        var first = range is { } from && from.Start != LocalDate.MinIsoValue ? from.Start : windows.Min(w => w.Latest.Window.Days.Start);
        var last = range is { } to && to.End != LocalDate.MaxIsoValue ? to.End : windows.SelectMany(w => w.Revisions).Max(i => i.GeneratedAt).InUtc().Date;
        var end = last.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var start = Instant.Max(first.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), end - DeadLetterQuery.MaximumSpan);
        return new Interval(Instant.Min(start, end), end);
    }

    private static DateInterval? WindowDays(string windowId)
    {
        var parts = windowId.Split('_');
        return parts.Length == 2
            && NodaTime.Text.LocalDatePattern.Iso.Parse(parts[0]) is { Success: true } first
            && NodaTime.Text.LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } last
            && first.Value <= last.Value
            ? new DateInterval(first.Value, last.Value)
            : null;
    }
}

/// <summary>One billing tenant's part of the report.</summary>
/// <param name="Tenant">The billing tenant.</param>
/// <param name="Contracts">Its contracts with windows in the range, in id order.</param>
/// <param name="DeadLettersReceived">The receipt instants whose dead letters are counted.</param>
/// <param name="DeadLetters">Dead letters naming a tenant of its contracts (itself or an affiliate), per UTC day of receipt, tenant and reason (an event with two reasons counts under each).</param>
/// <param name="DeadLetterTotal">How many dead letters those are, each once.</param>
public sealed record TenantUsage(TenantId Tenant, ImmutableArray<ContractUsage> Contracts, Interval DeadLettersReceived, ImmutableArray<DeadLetterDay> DeadLetters, int DeadLetterTotal);

/// <summary>One contract's windows.</summary>
/// <param name="Contract">The contract id.</param>
/// <param name="Name">Its human name, when it has one.</param>
/// <param name="Windows">Its windows in the range, in id (date) order.</param>
public sealed record ContractUsage(ContractId Contract, string? Name, ImmutableArray<WindowUsage> Windows);

/// <summary>One window: its latest revision and every revision, oldest first.</summary>
/// <param name="Revisions">Every revision, oldest first.</param>
/// <param name="Committed">The committed quantity the latest revision states (<c>minimum-quantity</c>, <c>included-units</c>, <c>au-minimum</c>), with its figure's name, or null.</param>
public sealed record WindowUsage(ImmutableArray<Invoice> Revisions, (string Name, decimal Value)? Committed)
{
    /// <summary>The figures a report draws as the commitment, in the order looked for.</summary>
    public static readonly ImmutableArray<string> CommitmentFigures = ["minimum-quantity", "included-units", "au-minimum"];

    /// <summary>The latest revision.</summary>
    public Invoice Latest => Revisions[^1];

    /// <summary>The window's usage from its revisions, oldest first.</summary>
    public static WindowUsage Of(ImmutableArray<Invoice> revisions)
    {
        var latest = revisions[^1];
        var committed = CommitmentFigures
            .Select(name => latest.Figures.Named.FirstOrDefault(f => f.Name == name))
            .FirstOrDefault(f => f is not null);
        return new WindowUsage(revisions, committed is null ? null : (committed.Name, committed.Value));
    }
}

/// <summary>How many dead letters of one tenant and reason were received on one UTC day.</summary>
public sealed record DeadLetterDay(LocalDate Day, string Tenant, string Reason, int Count);
