using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Statements;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Closing;

/// <summary>
/// What an amendment may not do to windows already closed. An amendment replaces the rule from its effective date,
/// and a closed window it leaves whole is re-closed under the new version (a revision that states the delta). But
/// an amendment that cuts a closed window in two, or moves or drops it (an effective date inside it, a shorter
/// term), would leave its invoice standing beside invoices for the new windows: the same days billed twice, and no
/// revision can supersede a window that no longer exists. Such amendments are refused; one effective on a window
/// boundary does the same commercially without the double bill. A window billed progressively counts as closed as soon
/// as one of its months' statements is published: those statements bill money too (docs/contracts.md).
/// </summary>
public static class AmendmentCheck
{
    /// <summary>
    /// The windows of <paramref name="stored"/> an amendment must leave whole, from the close ledger's
    /// <paramref name="records"/>: every window with a published invoice, and every window billed by its months
    /// (<see cref="ProgressiveBilling.BillsByMonth"/>) with a published statement. A statement that bills nothing does
    /// not hold its window: the invoice, when the window closes, is what bills.
    /// </summary>
    public static IReadOnlyCollection<string> ClosedWindows(Contract stored, DateTimeZone zone, IEnumerable<CloseRecord> records)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(records);
        var billedByMonth = ContractCalendar.WindowsOf(stored, zone)
            .Where(w => ProgressiveBilling.BillsByMonth(w.Version, w.Window))
            .Select(w => w.Window.Id)
            .ToHashSet(StringComparer.Ordinal);
        return records
            .Where(r => r.PeriodId is null || billedByMonth.Contains(r.WindowId))
            .Select(r => r.WindowId)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The problems of replacing <paramref name="stored"/> by <paramref name="amended"/> given the close ledger's
    /// <paramref name="records"/>: a closed window cut, moved or dropped (<see cref="ClosedWindows"/>), and a window whose
    /// months are billed progressively, with statements published, that the amendment would bill otherwise (not by its
    /// months, or by other months): what those statements billed would then stand beside the new bills.
    /// </summary>
    public static IReadOnlyList<ContractProblem> Problems(Contract stored, Contract amended, DateTimeZone zone, IEnumerable<CloseRecord> records)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(amended);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(records);
        var all = records.ToList();
        var problems = Problems(stored, amended, zone, ClosedWindows(stored, zone, all)).ToList();
        var billed = all.Where(r => r.PeriodId is not null).Select(r => r.WindowId).ToHashSet(StringComparer.Ordinal);
        var after = ContractCalendar.WindowsOf(amended, zone).ToDictionary(w => w.Window.Id, StringComparer.Ordinal);
        foreach (var before in ContractCalendar.WindowsOf(stored, zone).Where(w => billed.Contains(w.Window.Id) && ProgressiveBilling.BillsByMonth(w.Version, w.Window)))
        {
            if (after.TryGetValue(before.Window.Id, out var same)
                && ProgressiveBilling.BillsByMonth(same.Version, same.Window)
                && StatementCalendar.PeriodsOf(same).Select(p => p.Id).SequenceEqual(StatementCalendar.PeriodsOf(before).Select(p => p.Id)))
            {
                continue;
            }

            if (after.ContainsKey(before.Window.Id))
            {
                problems.Add(new ContractProblem(
                    "$",
                    "splits-closed-window",
                    $"window {before.Window.Id} is billed month by month (progressive billing) and statements of it are published; this amendment would bill it otherwise and bill those months again. Keep it billed progressively until it ends, or make the amendment effective after {before.Window.Days.End:uuuu-MM-dd}."));
            }
        }

        return problems;
    }

    /// <summary>
    /// The problems of replacing <paramref name="stored"/> by <paramref name="amended"/> when the windows
    /// <paramref name="closedWindowIds"/> of <paramref name="stored"/> are closed; empty when it is allowed.
    /// </summary>
    public static IReadOnlyList<ContractProblem> Problems(Contract stored, Contract amended, DateTimeZone zone, IReadOnlyCollection<string> closedWindowIds)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(amended);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(closedWindowIds);
        var amendedVersions = ContractCalendar.WindowsOf(amended, zone).ToDictionary(w => w.Window.Id, w => w.Version, StringComparer.Ordinal);
        var problems = new List<ContractProblem>();
        foreach (var closed in ContractCalendar.WindowsOf(stored, zone).Where(w => closedWindowIds.Contains(w.Window.Id)))
        {
            if (!amendedVersions.TryGetValue(closed.Window.Id, out var version))
            {
                problems.Add(new ContractProblem(
                    "$",
                    "splits-closed-window",
                    $"window {closed.Window.Id} is already closed and invoiced (or its months billed progressively); this amendment would cut, move, drop or extend it and bill its days twice. Make the amendment effective on or after {closed.Window.Days.End.PlusDays(1):uuuu-MM-dd}, or on a boundary of that window; a window billed progressively keeps its days (term included) until it ends."));
            }
            else if (closed.Version.Commercial.Currency is { } before
                && version.Commercial.Currency is { } after
                && !string.Equals(before, after, StringComparison.Ordinal))
            {
                // A revision supersedes the invoice before it, and its delta compares their amounts: both in one currency.
                problems.Add(new ContractProblem(
                    "$",
                    "changes-currency",
                    $"window {closed.Window.Id} is already invoiced in {before}; this amendment would bill it in {after}, and a revision cannot supersede an invoice in another currency. Make the amendment effective on or after {closed.Window.Days.End.PlusDays(1):uuuu-MM-dd}."));
            }
        }

        // Revisions are kept under the billing tenant (the first listed): under another one, a closed window would find
        // no revision to supersede and be invoiced again, with the same invoice ids.
        if (closedWindowIds.Count > 0 && stored.BillingTenant != amended.BillingTenant)
        {
            problems.Add(new ContractProblem(
                "tenants[0]",
                "moves-billing-tenant",
                $"windows of this contract are already invoiced under its billing tenant '{stored.BillingTenant}' (the first of tenants); this amendment makes it '{amended.BillingTenant}', under which they would be invoiced again. Keep '{stored.BillingTenant}' first; the other tenants may be reordered, added or removed."));
        }

        return problems;
    }
}
