using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace Metering.Testing.Storage;

/// <summary>
/// Every entity of some tables, with every property, sorted, without <c>Timestamp</c> and <c>ETag</c>: what
/// "identical stored state" means. Two snapshots are equal when their <see cref="Text"/> is; the text lists one
/// entity a line (<c>table | partition | row | Name:Type=value; ...</c>) so that a failed equality shows the
/// difference. Tables are named without the test's prefix, so that runs under two prefixes compare equal.
/// </summary>
public sealed record TableSnapshot(string Text, int Entities)
{
    /// <summary>Snapshots every table whose name starts with <paramref name="prefix"/> (case-insensitive).</summary>
    public static async Task<TableSnapshot> OfPrefixAsync(TableServiceClient service, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var names = new List<string>();
        await foreach (var table in service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(table.Name);
            }
        }

        return await OfTablesAsync(service, names, prefix.Length, cancellationToken);
    }

    /// <summary>Snapshots the named tables.</summary>
    public static Task<TableSnapshot> OfTablesAsync(TableServiceClient service, IEnumerable<string> tables, CancellationToken cancellationToken = default) =>
        OfTablesAsync(service, tables, 0, cancellationToken);

    private static async Task<TableSnapshot> OfTablesAsync(
        TableServiceClient service, IEnumerable<string> tables, int prefixLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tables);
        var lines = new List<string>();
        foreach (var name in tables.Order(StringComparer.Ordinal))
        {
            await foreach (var entity in service.GetTableClient(name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                lines.Add(Line(name[prefixLength..], entity));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new TableSnapshot(string.Join('\n', lines), lines.Count);
    }

    private static string Line(string table, TableEntity entity)
    {
        var sb = new StringBuilder().Append(table).Append(" | ").Append(entity.PartitionKey).Append(" | ").Append(entity.RowKey).Append(" |");
        foreach (var (name, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            sb.Append(' ').Append(name).Append(':').Append(value?.GetType().Name ?? "null").Append('=').Append(Format(value)).Append(';');
        }

        return sb.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
