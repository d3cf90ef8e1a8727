using Azure.Data.Tables;
using Metering.Storage.Accounts;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;

namespace Metering.Storage.Tests.Accounts;

/// <summary>
/// Table Storage refuses a filter of more than 15 comparisons, which the emulator accepts: every table client of a
/// <see cref="StorageAccount"/> refuses it before sending, so the tests on the emulator fail as Azure would.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableFilterLimitTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("PartitionKey eq 'a'", 1)]
    [InlineData("PartitionKey ge 'a' and PartitionKey lt 'b' and (D01 eq true or D02 eq true)", 4)]
    [InlineData("RowKey eq 'x eq y' and RowKey ne 'it''s lt me'", 2)]
    [InlineData("Day ge '2024-03-01' and Day le '2024-03-31' and Count gt 1", 3)]
    [InlineData("Name eq 'equal' or Name eq 'legal'", 2)]
    public void Comparisons_Are_Counted_Outside_Quoted_Literals(string filter, int comparisons) =>
        Assert.Equal(comparisons, TableFilterLimit.ComparisonsIn(filter));

    [Fact]
    public async Task A_Query_Of_Fifteen_Comparisons_Is_Sent_And_One_Of_Sixteen_Is_Refused_With_Its_Filter()
    {
        var account = TestAccounts.Create(azurite);
        var table = await account.TableAsync(account.Names.Presence, default);
        string Filter(int comparisons) => string.Join(" or ", Enumerable.Range(0, comparisons).Select(i => TableClient.CreateQueryFilter($"RowKey eq {"r" + i}")));

        await foreach (var _ in table.QueryAsync<TableEntity>(Filter(15)))
        {
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(Filter(16)))
            {
            }
        });
        Assert.Contains("16 comparisons", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RowKey eq 'r15'", refused.Message, StringComparison.Ordinal);
    }
}
