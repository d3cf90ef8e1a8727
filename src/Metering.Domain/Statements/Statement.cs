using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Statements;

/// <summary>
/// One revision of the interim statement of one period of a long window (issue 11, docs/invoices.md "Statements"): the
/// count of a 90-day period, of a month of an averaged year, or of the units first seen in a month of a distinct count,
/// with the running figures of the window so far. A statement owes nothing, unless the contract bills the months of a
/// distinct count progressively: the window's invoice bills at its end, and agrees with its statements. Statements are closed, revised by late events and fingerprinted exactly as invoices
/// are; their JSON form is <c>StatementJson</c>'s.
/// </summary>
/// <param name="SchemaVersion">The version of the statement format (<see cref="CurrentSchemaVersion"/>).</param>
/// <param name="StatementId">The deterministic id: <c>{contract}.{window id}.{period id}.r{revision}</c>.</param>
/// <param name="Revision">1, 2, ...</param>
/// <param name="Supersedes">The revision this one replaces (its statement id), or null for revision 1.</param>
/// <param name="Delta">The changes against the superseded revision, or null for revision 1.</param>
/// <param name="BillingTenant">The tenant the statement is stored under.</param>
/// <param name="Tenants">Every tenant the contract covers, billing tenant first.</param>
/// <param name="Contract">The contract version that governs the window.</param>
/// <param name="Template">The template, its parameters and rule (a statement states no policies: its window's invoice does).</param>
/// <param name="Window">The window the period belongs to.</param>
/// <param name="Period">The period.</param>
/// <param name="Count">The period's own count: its units, or the units first seen in it.</param>
/// <param name="Figures">The named figures, the count's first.</param>
/// <param name="Charges">
/// What the statement bills under progressive billing (a month of a distinct count: the units first seen in it,
/// <see cref="ProgressiveBilling"/>); null otherwise: a statement then owes nothing.
/// </param>
/// <param name="Notes">What a reader must know: that it is interim, and how the window bills.</param>
/// <param name="LateEvents">Events received after the previous revision was written, per local day; empty for revision 1.</param>
/// <param name="Evidence">The evidence file: the units behind <see cref="Count"/>.</param>
/// <param name="GeneratedAt">When it was written.</param>
public sealed record Statement(
    string SchemaVersion,
    string StatementId,
    int Revision,
    Supersession? Supersedes,
    InvoiceDelta? Delta,
    TenantId BillingTenant,
    ImmutableArray<TenantId> Tenants,
    ContractReference Contract,
    TemplateApplied Template,
    BillingWindow Window,
    StatementPeriod Period,
    long Count,
    ImmutableArray<NamedFigure> Figures,
    Charges? Charges,
    ImmutableArray<string> Notes,
    ImmutableSortedDictionary<LocalDate, long> LateEvents,
    EvidenceReference Evidence,
    Instant GeneratedAt)
{
    /// <summary>The statement format this code writes. A reader accepts only this version.</summary>
    public const string CurrentSchemaVersion = "1";

    /// <summary>The deterministic id of a period's revision: <c>acme.2025-01-01_2025-12-31.2025-03-01_2025-03-31.r1</c>.</summary>
    public static string IdFor(ContractId contract, string windowId, string periodId, int revision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{contract.Value}.{windowId}.{periodId}.r{revision}");
    }

    /// <summary>Revision 1 of the statement of <paramref name="measured"/>'s period of <paramref name="window"/>, under <paramref name="version"/>.</summary>
    public static Statement Draft(Contract contract, ContractVersion version, BillingWindow window, StatementMeasurement measured, EvidenceReference evidence, Instant generatedAt)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(evidence);
        var charges = measured.Period.Kind == StatementKind.MonthOfDistinctCount
            ? ProgressiveBilling.OfMonth(version, window, measured.Period.Label, measured.Count, (long)measured.Figures.Single(f => f.Name == StatementMeasurement.DistinctSoFar).Value)
            : null;
        return new Statement(
            CurrentSchemaVersion,
            IdFor(contract.Id, window.Id, measured.Period.Id, 1),
            1,
            null,
            null,
            contract.BillingTenant,
            contract.Tenants,
            new ContractReference(contract.Id, contract.Name, version.Number, version.Effective),
            new TemplateApplied(version.Template, version.Parameters, version.Rule, []),
            window,
            measured.Period,
            measured.Count,
            measured.Figures,
            charges,
            NotesOf(window, measured.Period, contract.GraceDays, charges is not null),
            ImmutableSortedDictionary<LocalDate, long>.Empty,
            evidence,
            generatedAt);
    }

    /// <summary>This statement as the revision after <paramref name="previous"/>, with the delta and the late events since it.</summary>
    public Statement Supersede(Statement previous, ImmutableSortedDictionary<LocalDate, long> lateEvents)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(lateEvents);
        var revision = checked(previous.Revision + 1);
        return this with
        {
            StatementId = IdFor(Contract.Id, Window.Id, Period.Id, revision),
            Revision = revision,
            Supersedes = new Supersession(previous.Revision, previous.StatementId),
            Delta = DeltaFrom(previous),
            LateEvents = lateEvents,
        };
    }

    // count, then each figure (the first is the count itself, listed once as count), then the amounts when priced.
    private InvoiceDelta DeltaFrom(Statement previous)
    {
        var entries = ImmutableArray.CreateBuilder<DeltaEntry>();
        entries.Add(InvoiceDelta.Entry("count", previous.Count, Count));
        InvoiceDelta.Merge(entries, "figures.", previous.Figures.Skip(1).Select(f => (f.Name, f.Value)), Figures.Skip(1).Select(f => (f.Name, f.Value)));
        var (currency, amounts) = InvoiceDelta.AmountsBetween(previous.Charges, Charges);
        return new InvoiceDelta(currency, entries.ToImmutable(), amounts);
    }

    private static ImmutableArray<string> NotesOf(BillingWindow window, StatementPeriod period, int graceDays, bool billed)
    {
        var days = $"{IsoText.Of(period.Window.Days.Start)} to {IsoText.Of(period.Window.Days.End)}";
        var bills = period.Kind switch
        {
            StatementKind.Period => "the year bills the highest count of its 90-day periods",
            StatementKind.MonthOfAverage => "the year bills from the mean of its monthly counts",
            _ => "the window bills its distinct count, which the newly seen units of its months add up to",
        };
        return billed
            ?
            [
                $"An interim statement of {period.Label} ({days}) of window {window.Id}, billed progressively: it bills the units first seen in the month.",
                $"The window's invoice, when it closes {graceDays} grace day(s) after {IsoText.Of(window.Days.End)}, bills its distinct count and credits what its months billed; {bills}.",
            ]
            :
            [
                $"An interim statement of {period.Label} ({days}) of window {window.Id}: nothing is owed on it.",
                $"The window is invoiced when it closes, {graceDays} grace day(s) after {IsoText.Of(window.Days.End)}; {bills}.",
            ];
    }
}
