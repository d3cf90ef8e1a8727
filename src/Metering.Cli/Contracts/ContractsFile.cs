using System.Text.Json;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;

namespace Metering.Cli.Contracts;

/// <summary>
/// A file of <c>metering contracts apply</c>: one contract document (docs/contracts.md), or a JSON array of them.
/// Every document is read by <see cref="ContractReader"/>; a problem's path is the reader's path, prefixed with the
/// document's index (<c>[1].versions[0].template</c>) when the file holds an array.
/// </summary>
public static class ContractsFile
{
    /// <summary>The documents of a file, each read: its position (null when the file is a single document) and the result.</summary>
    public static IReadOnlyList<ContractsFileEntry> Read(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument outer;
        try
        {
            outer = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            // The reader reports a malformed document with its own message and code.
            return [new ContractsFileEntry(null, ContractReader.Read(utf8))];
        }

        using (outer)
        {
            if (outer.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [new ContractsFileEntry(null, ContractReader.Read(utf8))];
            }

            var entries = new List<ContractsFileEntry>();
            var index = 0;
            foreach (var element in outer.RootElement.EnumerateArray())
            {
                entries.Add(new ContractsFileEntry(index++, ContractReader.Read(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()))));
            }

            return entries;
        }
    }
}
