using System.Collections.Immutable;
using Metering.Domain.Commercial;

namespace Metering.Domain.Invoices;

/// <summary>
/// What a revision changed against the one it supersedes (docs/invoices.md, "delta"): every
/// figure and every amount of either revision, with its previous and current value and the change. Unchanged
/// entries are listed too (change 0), so that a reader sees the whole comparison.
/// </summary>
/// <param name="Currency">The currency of the amounts (this revision's, else the superseded one's), or null when neither is priced.</param>
/// <param name="Figures">The quantity, named figures, sub-window counts, dimension counts and the true forward, in this revision's order followed by figures only the previous one had.</param>
/// <param name="Amounts">Each line amount by code, then the total.</param>
public sealed record InvoiceDelta(Currency? Currency, ImmutableArray<DeltaEntry> Figures, ImmutableArray<DeltaEntry> Amounts)
{
    /// <summary>The delta from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static InvoiceDelta Between(Invoice previous, Invoice current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Figures;
        var after = current.Figures;
        var figures = ImmutableArray.CreateBuilder<DeltaEntry>();
        figures.Add(Entry("quantity", before.Quantity, after.Quantity));

        // The first named figure is the measured quantity itself (active-users, peak, ...): listed once, as quantity.
        var measured = IsQuantity(before) && IsQuantity(after) && before.Named[0].Name == after.Named[0].Name ? before.Named[0].Name : null;
        Merge(
            figures,
            "figures.",
            before.Named.Where(f => f.Name != measured).Select(f => (f.Name, f.Value)),
            after.Named.Where(f => f.Name != measured).Select(f => (f.Name, f.Value)));
        Merge(figures, "subWindows.", before.SubWindows.Select(s => (s.Id, (decimal)s.Count)), after.SubWindows.Select(s => (s.Id, (decimal)s.Count)));
        Merge(
            figures,
            "dimensions.",
            before.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, (decimal)d.Value)),
            after.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, (decimal)d.Value)));
        if (before.TrueForward is not null || after.TrueForward is not null)
        {
            figures.Add(Entry("trueForward.minimumAfter", before.TrueForward?.MinimumAfter, after.TrueForward?.MinimumAfter));
            figures.Add(Entry("trueForward.increase", before.TrueForward?.Increase, after.TrueForward?.Increase));
        }

        var (currency, amounts) = AmountsBetween(previous.Charges, current.Charges);
        return new InvoiceDelta(currency, figures.ToImmutable(), amounts);
    }

    /// <summary>
    /// The amount entries between two documents' charges (each line amount by code, then the total; none when neither is
    /// priced), in the currency of the current ones, else the previous ones.
    /// </summary>
    public static (Currency? Currency, ImmutableArray<DeltaEntry> Amounts) AmountsBetween(Charges? previous, Charges? current)
    {
        var amounts = ImmutableArray.CreateBuilder<DeltaEntry>();
        if (previous is not null || current is not null)
        {
            Merge(
                amounts,
                "lines.",
                (previous?.Lines ?? []).Select(l => (l.Code, l.Amount)),
                (current?.Lines ?? []).Select(l => (l.Code, l.Amount)));
            amounts.Add(Entry("total", previous?.Total, current?.Total));
        }

        return (current?.Currency ?? previous?.Currency, amounts.ToImmutable());
    }

    /// <summary>Adds an entry per key of either side, prefixed: this side's order first, then keys only <paramref name="before"/> has.</summary>
    internal static void Merge(ImmutableArray<DeltaEntry>.Builder entries, string prefix, IEnumerable<(string Key, decimal Value)> before, IEnumerable<(string Key, decimal Value)> after)
    {
        var previous = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, value) in before)
        {
            previous.TryAdd(key, value);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in after)
        {
            if (seen.Add(key))
            {
                entries.Add(Entry(prefix + key, previous.TryGetValue(key, out var old) ? old : null, value));
            }
        }

        foreach (var (key, value) in before)
        {
            if (seen.Add(key))
            {
                entries.Add(Entry(prefix + key, value, null));
            }
        }
    }

    private static bool IsQuantity(MeasuredFigures figures) => !figures.Named.IsEmpty && figures.Named[0].Value == figures.Quantity;

    internal static DeltaEntry Entry(string name, decimal? previous, decimal? current) =>
        new(name, previous, current, (current ?? 0m) - (previous ?? 0m));
}
