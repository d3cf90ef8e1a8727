using System.CommandLine;
using System.Globalization;
using Metering.Cli.Failures;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using NodaTime.Text;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>TENANT CONTRACT WINDOW [--revision N]</c>, the arguments of the verbs that read one invoice revision
/// (<c>invoices show</c>, <c>invoices evidence</c>): checked together, and resolved to the newest revision of the
/// window or revision N. A window or revision that does not exist is the user's input (exit 2, naming the revisions
/// that do exist).
/// </summary>
public sealed class InvoiceRevisionArguments
{
    private readonly Argument<string> _tenant = new("TENANT") { Description = "The billing tenant (the contract's first tenant)." };
    private readonly Argument<string> _contract = new("CONTRACT") { Description = "The contract id." };
    private readonly Argument<string> _window = new("WINDOW") { Description = "The window id: first and last local day, yyyy-MM-dd_yyyy-MM-dd (e.g. 2025-03-01_2025-03-31)." };
    private readonly Option<int?> _revision = new("--revision") { Description = "The revision (1, 2, ...); default: the newest." };

    /// <summary>Adds the arguments and the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(_tenant);
        command.Arguments.Add(_contract);
        command.Arguments.Add(_window);
        command.Options.Add(_revision);
    }

    /// <summary>Checks the arguments, adding a problem for each that is malformed.</summary>
    public Wanted Read(ParseResult parseResult, List<string> problems) =>
        Check(parseResult.GetValue(_tenant)!, parseResult.GetValue(_contract)!, parseResult.GetValue(_window)!, parseResult.GetValue(_revision), problems);

    /// <summary>
    /// Checks a tenant, contract, window and revision however they came (arguments, a URL's path), adding a problem for
    /// each that is malformed.
    /// </summary>
    public static Wanted Check(string tenantText, string contractText, string windowId, int? revision, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!TenantId.TryParse(tenantText, out var tenantId))
        {
            problems.Add($"TENANT: '{tenantText}' is not a tenant id ([a-z0-9][a-z0-9-]{{0,62}}).");
        }

        if (!ContractId.TryParse(contractText, out var contractId))
        {
            problems.Add($"CONTRACT: '{contractText}' is not a contract id ([a-z0-9][a-z0-9-]{{0,62}}).");
        }

        if (!IsWindowId(windowId))
        {
            problems.Add($"WINDOW: '{windowId}' is not a window id (first and last day, such as 2025-03-01_2025-03-31).");
        }

        if (revision is < 1)
        {
            problems.Add("--revision: revisions are numbered from 1.");
        }

        return new Wanted(tenantId ?? default, contractId ?? default, windowId, revision);
    }

    /// <summary>The revision wanted and its stored invoice; throws <see cref="InvalidInputException"/> when it does not exist.</summary>
    public static async Task<(InvoiceRevision Revision, StoredInvoice Stored)> ResolveAsync(IInvoiceStore store, Wanted wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(wanted);
        var revisions = await store.ListRevisionsAsync(wanted.Tenant, wanted.Contract, wanted.WindowId, cancellationToken);
        var chosen = Choose(
            revisions,
            r => r.Revision,
            wanted.Revision,
            $"{wanted.Tenant}/{wanted.Contract}/{wanted.WindowId}",
            where => $"no invoice of {where}: that window was never closed for this tenant and contract (see 'metering invoices list').");
        var stored = await store.ReadAsync(chosen, cancellationToken)
            ?? throw new InvalidOperationException($"{chosen.BlobName} was listed but is gone.");
        return (chosen, stored);
    }

    /// <summary>
    /// Revision <paramref name="number"/> of <paramref name="revisions"/> (oldest first), or the newest when none is
    /// wanted; throws <see cref="InvalidInputException"/> with <paramref name="never"/>'s message when there is none, or
    /// naming the revisions that exist when the one wanted is not among them. Invoices and statements alike.
    /// </summary>
    public static T Choose<T>(IReadOnlyList<T> revisions, Func<T, int> revisionOf, int? number, string where, Func<string, string> never)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        ArgumentNullException.ThrowIfNull(revisionOf);
        ArgumentNullException.ThrowIfNull(never);
        if (revisions.Count == 0)
        {
            throw new InvalidInputException(never(where));
        }

        var chosen = number is { } n ? revisions.FirstOrDefault(r => revisionOf(r) == n) : revisions[^1];
        if (chosen is null)
        {
            var existing = string.Join(", ", revisions.Select(r => revisionOf(r).ToString(CultureInfo.InvariantCulture)));
            throw new InvalidInputException($"{where} has no revision {number}; its revisions are {existing}.");
        }

        return chosen;
    }

    /// <summary>Whether <paramref name="text"/> is a window id, <c>{first day}_{last day}</c>, in its one spelling.</summary>
    internal static bool IsWindowId(string text)
    {
        var parts = text.Split('_');
        return parts.Length == 2
            && LocalDatePattern.Iso.Parse(parts[0]) is { Success: true } first
            && LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } last
            && first.Value <= last.Value
            && text == $"{LocalDatePattern.Iso.Format(first.Value)}_{LocalDatePattern.Iso.Format(last.Value)}";
    }

    /// <summary>What the arguments ask for.</summary>
    /// <param name="Tenant">The billing tenant.</param>
    /// <param name="Contract">The contract.</param>
    /// <param name="WindowId">The window id.</param>
    /// <param name="Revision">The revision, or null for the newest.</param>
    public sealed record Wanted(TenantId Tenant, ContractId Contract, string WindowId, int? Revision);
}
