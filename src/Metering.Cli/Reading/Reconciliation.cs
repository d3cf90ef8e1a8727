using System.Collections.Immutable;
using Metering.Cli.Commands;
using Metering.Cli.Failures;
using Metering.Domain.Events;
using NodaTime;

namespace Metering.Cli.Reading;

/// <summary>
/// <c>reconcile</c> (docs/explaining.md): a published invoice revision's billed units set beside the customer's own
/// list. Units on both are matched; each unit on one side only is explained with the rule's reason
/// (<see cref="WindowExplainer"/>). Ids are compared exactly (a subject is case- and space-sensitive), and by unit:
/// a unit billed in two tenants or two deployments of the contract is one id of the list.
/// </summary>
/// <param name="Window">The window, the revision read and the findings for the units that differ.</param>
/// <param name="Listed">The distinct ids of the customer's list.</param>
/// <param name="Repeated">Lines of the list that repeated an id already listed.</param>
/// <param name="Matched">Ids both billed and listed.</param>
/// <param name="BilledNotListed">Billed by the revision, not on the list, sorted by id.</param>
/// <param name="ListedNotBilled">On the list, not billed by the revision, in the list's order.</param>
public sealed record Reconciliation(
    WindowExplanation Window,
    int Listed,
    int Repeated,
    int Matched,
    ImmutableArray<ExplainedUnit> BilledNotListed,
    ImmutableArray<ExplainedUnit> ListedNotBilled)
{
    /// <summary>Whether the list and the revision name exactly the same units.</summary>
    public bool Agree => BilledNotListed.IsEmpty && ListedNotBilled.IsEmpty;

    /// <summary>Reconciles the revision <paramref name="wanted"/> names with <paramref name="ids"/>.</summary>
    /// <exception cref="InvalidInputException">The window was never closed, or the contract or window does not exist.</exception>
    public static async Task<Reconciliation> RunAsync(WindowExplainer explainer, InvoiceRevisionArguments.Wanted wanted, IReadOnlyList<string> ids, int repeated, Instant asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(ids);
        var listed = ids.ToHashSet(StringComparer.Ordinal);
        List<string> billedOnly = [], listedOnly = [];
        var explanation = await explainer.ExplainAsync(wanted, published =>
        {
            if (published is null)
            {
                throw new InvalidInputException($"no invoice of {wanted.Tenant}/{wanted.Contract}/{wanted.WindowId} was published: there is no billed list to reconcile with (see 'metering invoices list').");
            }

            billedOnly = [.. published.Units.Where(u => !listed.Contains(u)).Order(StringComparer.Ordinal)];
            listedOnly = [.. ids.Where(id => !published.Units.Contains(id))];
            return [.. billedOnly.Concat(listedOnly).Select(id => new Subject(id))];
        }, asOf, cancellationToken);
        var byUnit = explanation.Units.ToDictionary(u => u.Finding.Unit.Value, StringComparer.Ordinal);
        return new Reconciliation(
            explanation,
            ids.Count,
            repeated,
            ids.Count - listedOnly.Count,
            [.. billedOnly.Select(id => byUnit[id])],
            [.. listedOnly.Select(id => byUnit[id])]);
    }
}
