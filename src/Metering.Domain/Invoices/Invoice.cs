using System.Collections.Immutable;
using System.Globalization;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Domain.Windows;
using NodaTime;

namespace Metering.Domain.Invoices;

/// <summary>
/// One revision of the invoice of one contract window (docs/closing.md, "Revisions"). Revision 1 is the first close of the window; a
/// later revision supersedes the one before it only when the billing content changed (see
/// <c>InvoiceFingerprint</c>), and states the delta. The invoice id is derived from the contract, the
/// window and the revision, so the same close always names its invoice the same way. Its JSON form is
/// <c>InvoiceJson</c>'s.
/// </summary>
/// <param name="SchemaVersion">The version of the invoice format (<see cref="CurrentSchemaVersion"/>).</param>
/// <param name="InvoiceId">The deterministic id: <c>{contract}.{window id}.r{revision}</c>.</param>
/// <param name="Revision">1, 2, ...</param>
/// <param name="Supersedes">The revision this one replaces, or null for revision 1.</param>
/// <param name="Delta">The changes against the superseded revision, or null for revision 1.</param>
/// <param name="BillingTenant">The tenant the invoice is stored under and billed to.</param>
/// <param name="Tenants">Every tenant the contract covers (affiliates), billing tenant first.</param>
/// <param name="Contract">The contract version that governed the window.</param>
/// <param name="Template">The template, its parameters and every policy applied.</param>
/// <param name="Window">The billing window.</param>
/// <param name="Figures">The measured figures and their breakdown.</param>
/// <param name="Charges">The commercial lines and total, or null when the version names no currency (figures only).</param>
/// <param name="Anomalies">What the rule found wrong in the data.</param>
/// <param name="Notes">Facts about the window a reader must know.</param>
/// <param name="LateEvents">Events received after the previous revision was written, per local day, on the days whose data the close reads (for state and session rules, also days before the window); empty for revision 1.</param>
/// <param name="Evidence">The evidence file.</param>
/// <param name="GeneratedAt">When the invoice was written: the only field that differs between two computations of the same inputs.</param>
public sealed record Invoice(
    string SchemaVersion,
    string InvoiceId,
    int Revision,
    Supersession? Supersedes,
    InvoiceDelta? Delta,
    TenantId BillingTenant,
    ImmutableArray<TenantId> Tenants,
    ContractReference Contract,
    TemplateApplied Template,
    BillingWindow Window,
    MeasuredFigures Figures,
    Charges? Charges,
    ImmutableArray<Anomaly> Anomalies,
    ImmutableArray<string> Notes,
    ImmutableSortedDictionary<LocalDate, long> LateEvents,
    EvidenceReference Evidence,
    Instant GeneratedAt)
{
    /// <summary>The invoice format this code writes. A reader accepts only this version.</summary>
    public const string CurrentSchemaVersion = "1";

    /// <summary>The late events in total.</summary>
    public long LateEventTotal => LateEvents.Values.Sum();

    /// <summary>
    /// The deterministic invoice id of a contract window's revision: <c>{contract}.{window id}.r{revision}</c>,
    /// for example <c>acme-lms.2025-03-01_2025-03-31.r2</c>. Contract ids have no dot and window ids are dates,
    /// so the id reads back unambiguously and is safe in file and blob names.
    /// </summary>
    public static string IdFor(ContractId contract, string windowId, int revision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{contract.Value}.{windowId}.r{revision}");
    }

    /// <summary>
    /// The first revision of a window's invoice: the figures of <paramref name="measurement"/> under
    /// <paramref name="version"/> of <paramref name="contract"/>, with the figures of its commitment in units (priced or
    /// not) and priced by its commercial terms.
    /// </summary>
    public static Invoice Draft(
        Contract contract,
        ContractVersion version,
        BillingWindow window,
        Measurement measurement,
        EvidenceReference evidence,
        Instant generatedAt)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(evidence);
        return new Invoice(
            CurrentSchemaVersion,
            IdFor(contract.Id, window.Id, 1),
            1,
            null,
            null,
            contract.BillingTenant,
            contract.Tenants,
            new ContractReference(contract.Id, contract.Name, version.Number, version.Effective),
            new TemplateApplied(version.Template, version.Parameters, version.Rule, measurement.Policies),
            window,
            MeasuredFigures.From(measurement, Commitment.Of(measurement.Quantity, version.Commercial)),
            Charges.Compute(contract, version, window, measurement),
            measurement.Anomalies,
            measurement.Notes,
            ImmutableSortedDictionary<LocalDate, long>.Empty,
            evidence,
            generatedAt);
    }

    /// <summary>
    /// This invoice as the revision after <paramref name="previous"/>: numbered one more, superseding it, with
    /// the delta against it and the late events received since it was written.
    /// </summary>
    public Invoice Supersede(Invoice previous, ImmutableSortedDictionary<LocalDate, long> lateEvents)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(lateEvents);
        var revision = checked(previous.Revision + 1);
        return this with
        {
            InvoiceId = IdFor(Contract.Id, Window.Id, revision),
            Revision = revision,
            Supersedes = new Supersession(previous.Revision, previous.InvoiceId),
            Delta = InvoiceDelta.Between(previous, this),
            LateEvents = lateEvents,
        };
    }
}
