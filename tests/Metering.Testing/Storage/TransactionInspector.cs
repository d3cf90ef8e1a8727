using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Testing.Storage;

/// <summary>
/// Watches every entity group transaction (<c>$batch</c>) a table client sends and records, for each, how many
/// operations it held, the partition keys they named and the body's size; and counts single-entity writes. Azurite
/// accepts transactions that mix partitions, so this is how a test proves that the code never sends one.
/// </summary>
public sealed partial class TransactionInspector : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<InspectedTransaction> _transactions = new();
    private int _singleWrites;

    /// <summary>Every transaction seen.</summary>
    public IReadOnlyList<InspectedTransaction> Transactions => [.. _transactions];

    /// <summary>Entity writes sent outside a transaction (PUT, PATCH, MERGE or POST to an entity).</summary>
    public int SingleWrites => Volatile.Read(ref _singleWrites);

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inspect(message);
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inspect(message);
        await ProcessNextAsync(message, pipeline);
    }

    /// <summary>
    /// Whether <paramref name="message"/> writes to the table whose name ends with <paramref name="table"/>: a write to one
    /// of its entities, or an entity group transaction whose operations name it.
    /// </summary>
    public static bool WritesTo(HttpMessage message, string table)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Method == RequestMethod.Get)
        {
            return false;
        }

        var path = message.Request.Uri.Path;
        if (!path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return path.Contains(table + "(", StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetString(Body(message)).Contains(table + "(", StringComparison.Ordinal);
    }

    private static byte[] Body(HttpMessage message)
    {
        using var body = new MemoryStream();
        message.Request.Content?.WriteTo(body, default);
        return body.ToArray();
    }

    private void Inspect(HttpMessage message)
    {
        var path = message.Request.Uri.Path;
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            var body = Body(message);
            var text = Encoding.UTF8.GetString(body);
            var partitions = new List<string>();
            foreach (Match m in OperationLine().Matches(text))
            {
                var url = WebUtility.UrlDecode(m.Groups["url"].Value);
                var key = PartitionInUrl().Match(url);
                partitions.Add(key.Success ? key.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal) : "(in body)");
            }

            _transactions.Enqueue(new InspectedTransaction(partitions.Count, [.. partitions.Distinct(StringComparer.Ordinal)], body.Length));
        }
        else if (message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Delete && path.Contains("(PartitionKey=", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _singleWrites);
        }
    }

    [GeneratedRegex(@"^(?:PUT|PATCH|MERGE|POST|DELETE) (?<url>\S+) HTTP/1\.1\r?$", RegexOptions.Multiline)]
    private static partial Regex OperationLine();

    [GeneratedRegex(@"PartitionKey='(?<pk>(?:[^']|'')*)'")]
    private static partial Regex PartitionInUrl();
}
