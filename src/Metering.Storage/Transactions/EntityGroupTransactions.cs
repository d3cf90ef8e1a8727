using Azure.Data.Tables;

namespace Metering.Storage.Transactions;

/// <summary>
/// How the writes of one partition are cut into entity group transactions. Table Storage accepts a transaction
/// only within one partition, with at most 100 operations and a request body under 4 MiB; Azurite does not check
/// the first rule, so the grouping is ours to get right (and a test proves it).
/// </summary>
public static class EntityGroupTransactions
{
    /// <summary>Most operations in one transaction.</summary>
    public const int MaxOperations = 100;

    /// <summary>The service's limit on a transaction's request body: 4 MiB.</summary>
    public const long MaxPayloadBytes = 4L * 1024 * 1024;

    // What a transaction may hold by our estimate: the estimate is an upper bound, and the margin covers the
    // multipart envelope and the change set's headers.
    private const long PayloadBudget = MaxPayloadBytes - (128 * 1024);

    // Request line, headers and boundaries of one operation inside the multipart body.
    private const long OperationOverhead = 1024;

    /// <summary>
    /// Cuts <paramref name="entities"/> (all of one partition, in order) into consecutive groups of at most
    /// <see cref="MaxOperations"/> whose estimated payload fits the limit. An entity too large to share a
    /// transaction is a group on its own (a transaction of one).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TableEntity>> Split(IReadOnlyList<TableEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var groups = new List<IReadOnlyList<TableEntity>>();
        var current = new List<TableEntity>();
        long currentBytes = 0;
        string? partition = null;
        foreach (var entity in entities)
        {
            partition ??= entity.PartitionKey;
            if (!string.Equals(partition, entity.PartitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException("A transaction group may only hold entities of one partition.", nameof(entities));
            }

            var bytes = EstimatePayload(entity);
            if (current.Count > 0 && (current.Count == MaxOperations || currentBytes + bytes > PayloadBudget))
            {
                groups.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(entity);
            currentBytes += bytes;
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return groups;
    }

    /// <summary>
    /// An upper bound of the bytes one upsert of <paramref name="entity"/> adds to a transaction body: keys
    /// percent-encoded in the request URL (at most nine bytes a character) and every property as JSON, escaped as
    /// the SDK escapes it (see <see cref="JsonStringBytes"/>).
    /// </summary>
    public static long EstimatePayload(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var bytes = OperationOverhead + (9L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)));
        foreach (var (name, value) in entity)
        {
            bytes += JsonStringBytes(name) + 64;
            if (value is string text)
            {
                bytes += JsonStringBytes(text);
            }
        }

        return bytes;
    }

    /// <summary>
    /// The bytes of <paramref name="text"/> as a JSON string written by the SDK's default encoder, or more: it
    /// writes <c>\\</c> and the short control escapes in two bytes, HTML-sensitive characters, quotes and every
    /// non-ASCII UTF-16 unit as <c>\uXXXX</c> (six bytes), other printable ASCII as is.
    /// </summary>
    public static long JsonStringBytes(ReadOnlySpan<char> text)
    {
        long bytes = 2;
        foreach (var c in text)
        {
            bytes += JsonCharBytes(c);
        }

        return bytes;
    }

    /// <summary>The bytes one UTF-16 unit takes inside a JSON string written by the SDK (at most).</summary>
    public static int JsonCharBytes(char c) => c switch
    {
        '\\' or '\b' or '\t' or '\n' or '\f' or '\r' => 2,
        '"' or '<' or '>' or '&' or '\'' or '+' or '`' => 6,
        >= ' ' and < '\u007F' => 1,
        _ => 6,
    };
}
