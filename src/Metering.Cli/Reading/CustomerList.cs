using System.Globalization;
using CsvHelper;

namespace Metering.Cli.Reading;

/// <summary>
/// The customer's own list of units for <c>reconcile</c> (docs/explaining.md): a CSV file (its name ends in
/// <c>.csv</c>) or one id a line. In a CSV file the column is the first one whose header is <c>unit</c>, <c>subject</c>,
/// <c>user</c>, <c>user-id</c>, <c>login</c>, <c>access-id</c>, <c>endpoint</c> or <c>id</c> (any case), else the first
/// column, the first row being data. An id a line is the whole line, spaces included (a subject may hold any
/// character); blank lines are skipped. A leading apostrophe before <c>= + - @ '</c>, a tab or a carriage return is
/// dropped: it is how <c>invoices evidence --csv</c> keeps a spreadsheet from running a unit as a formula.
/// </summary>
public static class CustomerList
{
    private static readonly string[] IdColumns = ["unit", "subject", "user", "user-id", "login", "access-id", "endpoint", "id"];

    /// <summary>The distinct ids of the list, in the order first seen, and how many lines repeated an id.</summary>
    public static (IReadOnlyList<string> Ids, int Repeated) Read(TextReader reader, bool csv)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var raw = csv ? ReadCsv(reader) : ReadLines(reader);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        var repeated = 0;
        foreach (var id in raw.Select(Undefused))
        {
            if (seen.Add(id))
            {
                ids.Add(id);
            }
            else
            {
                repeated++;
            }
        }

        return (ids, repeated);
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> ReadCsv(TextReader reader)
    {
        // A comma always: a list of one column has nothing to detect a separator from.
        var options = new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Throw };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var column = -1;
        while (csv.Read())
        {
            if (column < 0)
            {
                var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim()).ToList();
                column = header.FindIndex(h => IdColumns.Contains(h, StringComparer.OrdinalIgnoreCase));
                if (column >= 0)
                {
                    continue;
                }

                column = 0;
            }

            if (column < csv.FieldCount && csv.GetString(column) is { Length: > 0 } id)
            {
                yield return id;
            }
        }
    }

    private static string Undefused(string id) =>
        id.Length > 1 && id[0] == '\'' && id[1] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? id[1..] : id;
}
