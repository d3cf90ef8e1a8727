using System.Collections.Immutable;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Pipeline.Closing;
using NodaTime;

namespace Metering.Pipeline.Rating;

/// <summary>
/// What-if rating (docs/rating.md): measures the windows of a contract that is not applied (a draft, a renewal, an
/// amendment) over stored activity with the close's own computation (<see cref="WindowMeasurer"/>), and, when asked,
/// sets each beside what an applied contract's latest published revision of the same window billed. It only reads:
/// no table, blob or queue is written, the watermarks are not raised and the close ledger is not touched.
/// </summary>
public sealed class ContractRater(ITenantRegistry tenants, IContractStore contracts, IInvoiceStore invoices, WindowMeasurer measurer)
{
    /// <summary>
    /// Rates every window of <paramref name="draft"/> due as of <paramref name="asOf"/> (its last day and grace days
    /// past, as the close requires) whose days lie inside <paramref name="range"/> (every due window when null),
    /// compared with the published invoices of <paramref name="compareWith"/> when given.
    /// </summary>
    /// <exception cref="RatingException">The draft's tenants are not registered or not in one zone, or the contract to compare with is not applied.</exception>
    public async Task<ContractRating> RateAsync(Contract draft, DateInterval? range, Instant asOf, ContractId? compareWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var tenancy = ContractTenancy.Resolve(draft, await tenants.LoadAsync(cancellationToken).ConfigureAwait(false));
        if (!tenancy.IsValid)
        {
            throw new RatingException([.. tenancy.Problems.Select(p => $"{p.Path}: {p.Message} ({p.Code})")]);
        }

        Contract? applied = null;
        if (compareWith is { } id)
        {
            applied = await contracts.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new RatingException([$"--compare: no applied contract has the id '{id}' (see 'metering contracts apply')."]);
        }

        var rated = new SortedDictionary<string, RatedWindow>(StringComparer.Ordinal);
        foreach (var scheduled in ContractCalendar.WindowsOf(draft, tenancy.Zone!))
        {
            if (!ClosePolicy.IsDue(draft, scheduled.Window, asOf) || !Inside(scheduled.Window.Days, range))
            {
                continue;
            }

            var measured = await measurer.DraftAsync(draft, scheduled, asOf, cancellationToken).ConfigureAwait(false);
            rated[scheduled.Window.Id] = new RatedWindow(scheduled.Window.Id, scheduled.Window.Days, measured.Invoice, null);
        }

        if (applied is not null)
        {
            await foreach (var published in LatestRevisionsAsync(applied, cancellationToken).ConfigureAwait(false))
            {
                if (!Inside(published.Window.Days, range))
                {
                    continue;
                }

                rated[published.Window.Id] = rated.TryGetValue(published.Window.Id, out var window)
                    ? window with { Published = published }
                    : new RatedWindow(published.Window.Id, published.Window.Days, null, published);
            }
        }

        return new ContractRating(draft.Id, applied?.Id, asOf, range, [.. rated.Values]);
    }

    private static bool Inside(DateInterval days, DateInterval? range) =>
        range is null || (days.Start >= range.Start && days.End <= range.End);

    private async IAsyncEnumerable<Invoice> LatestRevisionsAsync(Contract applied, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        InvoiceRevision? latest = null;
        await foreach (var revision in invoices.ListAsync(applied.BillingTenant, applied.Id, cancellationToken).ConfigureAwait(false))
        {
            if (latest is not null && latest.WindowId != revision.WindowId)
            {
                yield return await ReadAsync(latest, cancellationToken).ConfigureAwait(false);
            }

            latest = revision;
        }

        if (latest is not null)
        {
            yield return await ReadAsync(latest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Invoice> ReadAsync(InvoiceRevision revision, CancellationToken cancellationToken)
    {
        var stored = await invoices.ReadAsync(revision, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Revision {revision.BlobName} was listed but cannot be read.");
        return InvoiceJson.Read(stored.Json);
    }
}

/// <summary>A rating of a contract (<see cref="ContractRater"/>).</summary>
/// <param name="Contract">The contract rated.</param>
/// <param name="ComparedWith">The applied contract its windows are set beside, or null.</param>
/// <param name="AsOf">The instant rated as of: which windows are due.</param>
/// <param name="Range">The days the windows lie in, or null for every due window.</param>
/// <param name="Windows">The windows in order of their ids (first day).</param>
public sealed record ContractRating(ContractId Contract, ContractId? ComparedWith, Instant AsOf, DateInterval? Range, ImmutableArray<RatedWindow> Windows);

/// <summary>One window of a rating.</summary>
/// <param name="WindowId">Its id.</param>
/// <param name="Days">Its days.</param>
/// <param name="Rated">The invoice the rated contract would publish as revision 1, or null when it has no such window.</param>
/// <param name="Published">The applied contract's latest published revision of the window, or null.</param>
public sealed record RatedWindow(string WindowId, DateInterval Days, Invoice? Rated, Invoice? Published);

/// <summary>The contract cannot be rated; every problem is listed.</summary>
public sealed class RatingException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>Every problem.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
