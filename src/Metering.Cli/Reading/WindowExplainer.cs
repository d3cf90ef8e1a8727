using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Metering.Cli.Commands;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Measures;
using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using NodaTime;

namespace Metering.Cli.Reading;

/// <summary>
/// What <c>explain</c> and <c>reconcile</c> read (docs/explaining.md): the units a published invoice revision billed,
/// from its evidence file checked against the SHA-256 the invoice states; and, for the units asked about, why the rule
/// counts them or not, from a measurement of the window over the stored activity with the close's own code
/// (<see cref="WindowMeasurer"/>, which a <see cref="UnitTrace"/> follows), and the dead letters that name them.
/// It writes nothing.
/// </summary>
public sealed class WindowExplainer(ITenantRegistry tenants, IContractStore contracts, IInvoiceStore invoices, IDeadLetterStore deadLetters, WindowMeasurer measurer)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The window <paramref name="wanted"/> names, its published revision (the newest, or the one asked for; none when
    /// the window was never closed), and a finding for each of <paramref name="units"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">No applied contract has the id, its billing tenant is another, or it has no such window.</exception>
    /// <exception cref="EvidenceMismatchException">The revision's evidence file does not match what the invoice states.</exception>
    public Task<WindowExplanation> ExplainAsync(InvoiceRevisionArguments.Wanted wanted, IReadOnlyCollection<Subject> units, Instant asOf, CancellationToken cancellationToken) =>
        ExplainAsync(wanted, _ => units, asOf, cancellationToken);

    /// <summary>
    /// As <see cref="ExplainAsync(InvoiceRevisionArguments.Wanted, IReadOnlyCollection{Subject}, Instant, CancellationToken)"/>,
    /// for the units <paramref name="unitsFor"/> chooses once the published revision is read (<c>reconcile</c> explains
    /// only the units on which the revision and the customer's list differ).
    /// </summary>
    public async Task<WindowExplanation> ExplainAsync(InvoiceRevisionArguments.Wanted wanted, Func<PublishedRevision?, IReadOnlyCollection<Subject>> unitsFor, Instant asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(unitsFor);
        var contract = await contracts.GetAsync(wanted.Contract, cancellationToken)
            ?? throw new InvalidInputException($"CONTRACT: no applied contract has the id '{wanted.Contract}' (see 'metering invoices list').");
        if (contract.BillingTenant != wanted.Tenant)
        {
            throw new InvalidInputException($"TENANT: contract '{contract.Id}' is billed to '{contract.BillingTenant}', not '{wanted.Tenant}'.");
        }

        var tenancy = ContractTenancy.Resolve(contract, await tenants.LoadAsync(cancellationToken));
        if (!tenancy.IsValid)
        {
            throw new InvalidInputException([.. tenancy.Problems.Select(p => $"{p.Path}: {p.Message} ({p.Code})")]);
        }

        var scheduled = ContractCalendar.WindowsOf(contract, tenancy.Zone!).FirstOrDefault(w => w.Window.Id == wanted.WindowId)
            ?? throw new InvalidInputException($"WINDOW: contract '{contract.Id}' has no window {wanted.WindowId} (see 'metering invoices list').");

        var published = await PublishedAsync(wanted, cancellationToken);
        var units = unitsFor(published);
        var trace = new UnitTrace(units);
        var draft = await measurer.DraftAsync(contract, scheduled, asOf, cancellationToken, trace);
        var letters = await DeadLettersAsync(contract, scheduled, units, asOf, cancellationToken);
        var found = UnitFinding.OfAll(scheduled, draft.Measurement, trace);
        var findings = units
            .Select(unit => new ExplainedUnit(
                found[unit],
                published?.Units.Contains(unit.Value),
                letters.TryGetValue(unit.Value, out var mine) ? [.. mine] : []))
            .ToImmutableArray();
        return new WindowExplanation(contract, scheduled, published, draft.Measurement.Quantity, draft.Evidence.Sha256, findings);
    }

    private async Task<PublishedRevision?> PublishedAsync(InvoiceRevisionArguments.Wanted wanted, CancellationToken cancellationToken)
    {
        var revisions = await invoices.ListRevisionsAsync(wanted.Tenant, wanted.Contract, wanted.WindowId, cancellationToken);
        if (revisions.Count == 0 && wanted.Revision is null)
        {
            return null;
        }

        var (revision, stored) = await InvoiceRevisionArguments.ResolveAsync(invoices, wanted, cancellationToken);
        var invoice = InvoiceJson.Read(stored.Json);
        await EvidenceCheck.VerifyAsync(invoices, invoice.Evidence, revision.BlobName, cancellationToken);
        await using var content = await EvidenceCheck.OpenAsync(invoices, invoice.Evidence, revision.BlobName, cancellationToken);
        var billed = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(content, StrictUtf8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            billed.Add(document.RootElement.GetProperty("unit").GetString()!);
        }

        return new PublishedRevision(revision.Revision, invoice.Figures.Quantity, invoice.Evidence.Sha256, billed) { Version = invoice.Contract.Version };
    }

    // The dead letters received from the window's start (a year at most, as a listing reads) whose body names one of
    // the units as its subject, in one of the contract's tenants.
    private async Task<Dictionary<string, List<ShownDeadLetter>>> DeadLettersAsync(Contract contract, ScheduledWindow scheduled, IReadOnlyCollection<Subject> units, Instant asOf, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<ShownDeadLetter>>(StringComparer.Ordinal);
        var start = scheduled.Window.Instants.Start;
        var end = Instant.Min(asOf + Duration.Epsilon, start + DeadLetterQuery.MaximumSpan);
        if (end <= start)
        {
            return found;
        }

        var wanted = units.Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        var tenantIds = contract.Tenants.Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        await foreach (var letter in DeadLetterQuery.ListAsync(deadLetters, new Interval(start, end), null, null, cancellationToken))
        {
            if (letter.Attributes is { Subject: { } subject, Tenant: { } tenant } && wanted.Contains(subject) && tenantIds.Contains(tenant))
            {
                if (!found.TryGetValue(subject, out var list))
                {
                    list = [];
                    found.Add(subject, list);
                }

                list.Add(letter);
            }
        }

        return found;
    }
}

/// <summary>One window explained (<see cref="WindowExplainer"/>).</summary>
/// <param name="Contract">The applied contract.</param>
/// <param name="Scheduled">The window and the version that governs it.</param>
/// <param name="Published">The published revision read, or null when the window was never closed.</param>
/// <param name="QuantityNow">What the stored activity measures now.</param>
/// <param name="EvidenceSha256Now">The SHA-256 of the evidence the stored activity gives now.</param>
/// <param name="Units">A finding per unit asked about, in the order asked.</param>
public sealed record WindowExplanation(
    Contract Contract,
    ScheduledWindow Scheduled,
    PublishedRevision? Published,
    long QuantityNow,
    string EvidenceSha256Now,
    ImmutableArray<ExplainedUnit> Units)
{
    /// <summary>Whether the stored activity counts exactly the units the published revision billed (same evidence file).</summary>
    public bool AgreesWithPublished => Published is { } published && published.EvidenceSha256 == EvidenceSha256Now;

    /// <summary>
    /// Whether the published revision was billed under another version of the contract than the one that governs the
    /// window now (an amendment since, its re-close not yet published, or a revision asked for by number): the units are
    /// explained under the version of now, and a difference is the amendment's, not late events'.
    /// </summary>
    public bool PublishedUnderAnotherVersion => Published is { } published && published.Version != Scheduled.Version.Number;
}

/// <summary>A published invoice revision and the units its evidence lists.</summary>
/// <param name="Revision">Its number.</param>
/// <param name="Quantity">The quantity it billed.</param>
/// <param name="EvidenceSha256">The SHA-256 of its evidence file, checked.</param>
/// <param name="Units">The distinct units of its evidence.</param>
public sealed record PublishedRevision(int Revision, long Quantity, string EvidenceSha256, IReadOnlySet<string> Units)
{
    /// <summary>The contract version the revision was billed under.</summary>
    public int Version { get; init; }
}

/// <summary>One unit explained: the rule's finding now, whether the published revision billed it, and its dead letters.</summary>
/// <param name="Finding">What the rule decides over the stored activity, and why.</param>
/// <param name="Billed">Whether the published revision's evidence lists it; null when no revision was published.</param>
/// <param name="DeadLetters">Events naming it as their subject that were dead-lettered.</param>
public sealed record ExplainedUnit(UnitFinding Finding, bool? Billed, ImmutableArray<ShownDeadLetter> DeadLetters);
