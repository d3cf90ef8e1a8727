using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Xunit;

namespace Metering.Testing.Contracts;

/// <summary>Contract documents a test applies as <c>metering contracts apply</c> would: read, checked valid, stored.</summary>
public static class ContractDocuments
{
    /// <summary>Reads <paramref name="json"/>, fails the test with every problem if it is not valid, and stores it.</summary>
    public static async Task<Contract> ApplyAsync(IContractStore store, string json)
    {
        ArgumentNullException.ThrowIfNull(store);
        var read = ContractReader.Read(json);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        await store.ApplyAsync(read.Contract!, default);
        return read.Contract!;
    }
}
