using Metering.Domain.Contracts;

namespace Metering.Cli.Contracts;

/// <summary>One contract document of a contracts file, as read.</summary>
/// <param name="Index">Its position in the file's array, or null when the file is one document.</param>
/// <param name="Result">The contract, or every problem of the document.</param>
public sealed record ContractsFileEntry(int? Index, ContractReadResult Result)
{
    /// <summary>Where a field of this document is, for a message: <c>[1].versions[0]</c>, or the reader's path as is.</summary>
    public string PathOf(string readerPath)
    {
        ArgumentNullException.ThrowIfNull(readerPath);
        if (Index is not { } index)
        {
            return readerPath;
        }

        var item = FormattableString.Invariant($"[{index}]");
        return readerPath is "$" or "" ? item : readerPath.StartsWith('[') ? item + readerPath : $"{item}.{readerPath}";
    }
}
