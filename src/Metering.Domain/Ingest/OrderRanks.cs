namespace Metering.Domain.Ingest;

/// <summary>
/// Ranks of the few distinct tenants or kinds of a batch in their canonical order, so that sorting a plan compares
/// packed integers instead of strings: rank order is the canonical order.
/// </summary>
internal static class OrderRanks
{
    /// <summary>The rank of each distinct item (compared by reference) under <paramref name="order"/>.</summary>
    public static Dictionary<T, int> Of<T>(IEnumerable<T> items, Comparison<T> order)
        where T : class
    {
        var distinct = items.Distinct(ReferenceEqualityComparer.Instance).Cast<T>().ToArray();
        Array.Sort(distinct, order);
        var ranks = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < distinct.Length; i++)
        {
            ranks[distinct[i]] = i;
        }

        return ranks;
    }

    /// <summary>The rank under <paramref name="order"/> of each of <paramref name="items"/>, by its index (items a batch numbered as it met them).</summary>
    public static int[] ByIndex<T>(IReadOnlyList<T> items, Comparison<T> order)
    {
        var indexes = Enumerable.Range(0, items.Count).ToArray();
        Array.Sort(indexes, (a, b) => order(items[a], items[b]));
        var ranks = new int[items.Count];
        for (var rank = 0; rank < indexes.Length; rank++)
        {
            ranks[indexes[rank]] = rank;
        }

        return ranks;
    }
}
