using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Storage.Accounts;

/// <summary>
/// Table Storage refuses a query whose <c>$filter</c> holds more than <see cref="MaxComparisons"/> comparisons (a 400);
/// the emulator accepts it. This policy, on every table client of a <see cref="StorageAccount"/>, refuses such a query
/// before it is sent, with the filter in the message, so that a query the service would refuse fails the same way
/// against the emulator, in the tests, as in Azure.
/// </summary>
public sealed class TableFilterLimit : HttpPipelinePolicy
{
    /// <summary>The service's limit of discrete comparisons in one filter.</summary>
    public const int MaxComparisons = 15;

    private static readonly string[] Operators = ["eq", "ne", "gt", "ge", "lt", "le"];

    /// <summary>How many comparisons (<c>eq ne gt ge lt le</c>, outside quoted literals) an OData filter holds.</summary>
    public static int ComparisonsIn(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var count = 0;
        var quoted = false;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c == '\'')
            {
                // A quote inside a literal is written twice, which toggles twice and stays inside.
                quoted = !quoted;
                continue;
            }

            if (!quoted && c == ' ' && i + 3 < filter.Length && filter[i + 3] == ' ' && Operators.Contains(filter.Substring(i + 1, 2)))
            {
                count++;
                i += 2;
            }
        }

        return count;
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        return ProcessNextAsync(message, pipeline);
    }

    private static void Check(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        var at = query.IndexOf("$filter=", StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var end = query.IndexOf('&', at);
        var filter = Uri.UnescapeDataString(query[(at + "$filter=".Length)..(end < 0 ? query.Length : end)].Replace('+', ' '));
        var comparisons = ComparisonsIn(filter);
        if (comparisons > MaxComparisons)
        {
            throw new InvalidOperationException(
                $"A table query's filter holds {comparisons} comparisons, and Table Storage refuses more than {MaxComparisons}: {filter}");
        }
    }
}
