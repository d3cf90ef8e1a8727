using Azure.Data.Tables;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Storage.Activity;
using Metering.Storage.Tests.Support;
using Metering.Storage.Transactions;
using Metering.Testing.Azurite;
using Metering.Testing.Storage;
using NodaTime;
using static Metering.Storage.Tests.Support.Plans;

namespace Metering.Storage.Tests.Transactions;

[Collection(AzuriteCollection.Name)]
public sealed class EntityGroupTransactionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_Transaction_Holds_One_Partition_At_Most_100_Operations_Under_4_MiB()
    {
        // Thousands of entities over many partitions: 2 tenants x 2 months x 16 shards of presence, many fact
        // chunks, and one partition of fat chunks that forces the size limit before the count limit.
        var presence = (from tenant in new[] { "acme", "acme-eu" }
                        from month in new[] { "2024-02", "2024-03" }
                        from i in Enumerable.Range(0, 1800)
                        select Presence(tenant, month, "user.login", $"user-{i}", 1 + (i % 28))).ToList();
        var chunks = Enumerable.Range(0, 600)
            .Select(i => Chunk(Fact("acme", FactFamily.User, $"user-{i}", "2024-03-03T03:03:03Z", "user.created", $"c{i}")))
            .ToList();
        var fat = Enumerable.Range(0, 12)
            .Select(i => Chunk(Fact("globex", FactFamily.Organisation, "org", $"2024-03-{i + 1:00}T00:00:00Z", "org.headcount", $"h{i}",
                new EventData { Aliases = [new string('"', 60_000)] })))
            .ToList();
        var plan = Of("many", presence, chunks.Concat(fat));
        var inspector = new TransactionInspector();
        var account = TestAccounts.Create(azurite, policies: inspector);

        var counts = await new TableActivityStore(account).WriteAsync(plan, Instant.FromUtc(2024, 4, 1, 0, 0), default);

        var transactions = inspector.Transactions;
        Assert.All(transactions, t =>
        {
            Assert.Single(t.Partitions);
            Assert.InRange(t.Operations, 2, EntityGroupTransactions.MaxOperations);
            Assert.True(t.BodyBytes < EntityGroupTransactions.MaxPayloadBytes, $"{t.BodyBytes} bytes");
        });
        Assert.Contains(transactions, t => t.Operations == EntityGroupTransactions.MaxOperations);
        Assert.Contains(transactions, t => t.BodyBytes > EntityGroupTransactions.MaxPayloadBytes / 2 && t.Operations < 10);
        Assert.Equal(counts.Entities, transactions.Sum(t => t.Operations) + inspector.SingleWrites);
        // Reads besides the writes: the batch marker, then one watermark per tenant (acme, acme-eu, globex).
        Assert.Equal(counts.Requests - 1 - 3, transactions.Count + inspector.SingleWrites);

        var stored = 0;
        foreach (var table in new[] { account.Names.Presence, account.Names.Facts, account.Names.Batches })
        {
            await foreach (var _ in account.Tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["RowKey"]))
            {
                stored++;
            }
        }

        Assert.Equal(counts.Entities, stored);
    }

    [Fact]
    public void Entities_Of_Another_Partition_Cannot_Share_A_Group()
    {
        TableEntity[] mixed = [new("a", "1"), new("b", "1")];

        Assert.Throws<ArgumentException>(() => EntityGroupTransactions.Split(mixed));
    }

    [Fact]
    public void The_Estimate_Counts_Quotes_And_Non_Ascii_As_The_Sdk_Escapes_Them()
    {
        Assert.Equal(2 + 1 + 2 + 6 + 6 + 12, EntityGroupTransactions.JsonStringBytes("a\n\"é😀"));
    }
}
