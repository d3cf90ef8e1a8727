using Metering.Domain.Events;
using Metering.Storage.Archive;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;
using static Metering.Storage.Tests.Support.Plans;

namespace Metering.Storage.Tests.Archive;

[Collection(AzuriteCollection.Name)]
public sealed class BlobRawArchiveTests(AzuriteFixture azurite)
{
    private static readonly RawEvent[] Events =
    [
        new("{\"id\":\"1\"}"u8.ToArray(), 1),
        new(new byte[] { 0xFF, 0xFE, 0x00, 0x0A, 0x7B }, 2, "3", 123_456_789),
        new(ReadOnlyMemory<byte>.Empty, 3),
    ];

    [Fact]
    public async Task A_Batch_Reads_Back_Byte_For_Byte_With_Its_Positions()
    {
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var receivedAt = Instant.FromUtc(2024, 2, 29, 23, 59, 59).PlusNanoseconds(1);
        await archive.WriteAsync(Batch("x"), receivedAt, Events, default);

        var listed = await ToListAsync(archive.ListAsync(new Interval(receivedAt, receivedAt.PlusNanoseconds(1)), default));
        var batch = Assert.Single(listed);
        var read = await archive.ReadAsync(batch, default);

        Assert.Equal($"2024/02/29/{Batch("x")}.ndjson", batch.Name);
        Assert.Equal(receivedAt, batch.ReceivedAt);
        Assert.Equal(Events.Length, read.Count);
        for (var i = 0; i < Events.Length; i++)
        {
            Assert.Equal(Events[i].Body.ToArray(), read[i].Body.ToArray());
            Assert.Equal(Events[i].Position, read[i].Position);
            Assert.Equal(Events[i].Partition, read[i].Partition);
            Assert.Equal(Events[i].SequenceNumber, read[i].SequenceNumber);
        }
    }

    [Fact]
    public async Task Batches_Written_One_After_Another_And_At_Once_By_One_Archive_Each_Read_Back_Alone()
    {
        // The archive keeps its buffers from batch to batch: a smaller batch after a larger one, and batches written at
        // once, must hold their own bodies only.
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var receivedAt = Instant.FromUtc(2024, 3, 3, 10, 0);
        RawEvent[] Bodies(string batch, int count) =>
            [.. Enumerable.Range(1, count).Select(i => new RawEvent(System.Text.Encoding.UTF8.GetBytes($"{{\"batch\":\"{batch}\",\"n\":{i}}}"), i))];
        var large = Bodies("large", 2_000);
        var small = Bodies("small", 3);
        var together = Enumerable.Range(0, 4).Select(n => Bodies("together" + n, 50 * (n + 1))).ToArray();

        await archive.WriteAsync(Batch("large"), receivedAt, large, default);
        await archive.WriteAsync(Batch("small"), receivedAt.PlusNanoseconds(1), small, default);
        await Task.WhenAll(together.Select((events, n) => archive.WriteAsync(Batch("together" + n), receivedAt.PlusNanoseconds(2 + n), events, default)));

        var written = new[] { large, small }.Concat(together).ToArray();
        var listed = await ToListAsync(archive.ListAsync(new Interval(receivedAt, receivedAt.PlusNanoseconds(10)), default));
        Assert.Equal(written.Length, listed.Count);
        foreach (var batch in listed)
        {
            var read = await archive.ReadAsync(batch, default);
            var expected = Assert.Single(written, events => batch.Name.Contains(Batch(LabelOf(events[0])).ToString(), StringComparison.Ordinal));
            Assert.Equal(expected.Select(e => Convert.ToHexString(e.Body.Span)), read.Select(e => Convert.ToHexString(e.Body.Span)));
        }
    }

    private static string LabelOf(RawEvent e)
    {
        using var body = System.Text.Json.JsonDocument.Parse(e.Body);
        return body.RootElement.GetProperty("batch").GetString()!;
    }

    [Fact]
    public async Task A_Cut_Body_And_A_Broken_Array_Remainder_Read_Back_As_Such()
    {
        // Replaying them as whole bodies would change the batch id, and could accept a remainder that parses.
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var receivedAt = Instant.FromUtc(2024, 3, 1, 10, 0);
        RawEvent[] events =
        [
            new("{\"id\":\"cut"u8.ToArray(), 1) { OriginalLength = 2_000_000 },
            new("{\"id\":\"whole\"}"u8.ToArray(), 2),
            new("{\"specversion\":\"1.0\"}"u8.ToArray(), 3) { IsBatchRemainder = true },
        ];
        await archive.WriteAsync(Batch("z"), receivedAt, events, default);

        var batch = Assert.Single(await ToListAsync(archive.ListAsync(new Interval(receivedAt, receivedAt.PlusNanoseconds(1)), default)));
        var read = await archive.ReadAsync(batch, default);

        Assert.Equal([2_000_000L, null, null], read.Select(e => e.OriginalLength));
        Assert.Equal([false, false, true], read.Select(e => e.IsBatchRemainder));
        Assert.Equal(events.Select(e => Convert.ToHexString(e.Body.Span)), read.Select(e => Convert.ToHexString(e.Body.Span)));
    }

    [Fact]
    public async Task The_Sender_That_Delivered_A_Body_Reads_Back_And_A_Body_Without_One_Has_None()
    {
        // A replay must judge each body against the sender that delivered it, as the first receipt did.
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var receivedAt = Instant.FromUtc(2024, 3, 2, 10, 0);
        RawEvent[] events =
        [
            new("{\"id\":\"a\"}"u8.ToArray(), 1, "0", 7) { Sender = "lms" },
            new("{\"id\":\"b\"}"u8.ToArray(), 2),
        ];
        await archive.WriteAsync(Batch("s"), receivedAt, events, default);

        var batch = Assert.Single(await ToListAsync(archive.ListAsync(new Interval(receivedAt, receivedAt.PlusNanoseconds(1)), default)));
        var read = await archive.ReadAsync(batch, default);

        Assert.Equal(["lms", null], read.Select(e => e.Sender));
    }

    [Fact]
    public async Task The_Same_Batch_Again_Keeps_The_First_Receipt()
    {
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var first = Instant.FromUtc(2024, 3, 1, 10, 0);
        await archive.WriteAsync(Batch("y"), first, Events, default);
        await archive.WriteAsync(Batch("y"), first.Plus(Duration.FromMinutes(5)), Events, default);

        var listed = await ToListAsync(archive.ListAsync(new Interval(first, first.Plus(Duration.FromDays(1))), default));

        Assert.Equal(first, Assert.Single(listed).ReceivedAt);
    }

    [Fact]
    public async Task Listing_Returns_The_Batches_Received_In_The_Interval_Oldest_First()
    {
        var archive = new BlobRawArchive(TestAccounts.Create(azurite));
        var start = Instant.FromUtc(2024, 3, 1, 0, 0);
        // Received: 2 March 10:00 (b1), 1 March 23:00 (b2), 3 March 00:00 (b3, at the exclusive end), 28 Feb (b4).
        await archive.WriteAsync(Batch("b1"), Instant.FromUtc(2024, 3, 2, 10, 0), Events, default);
        await archive.WriteAsync(Batch("b2"), Instant.FromUtc(2024, 3, 1, 23, 0), Events, default);
        await archive.WriteAsync(Batch("b3"), Instant.FromUtc(2024, 3, 3, 0, 0), Events, default);
        await archive.WriteAsync(Batch("b4"), Instant.FromUtc(2024, 2, 28, 12, 0), Events, default);

        var listed = await ToListAsync(archive.ListAsync(new Interval(start, Instant.FromUtc(2024, 3, 3, 0, 0)), default));

        Assert.Equal([Batch("b2"), Batch("b1")], listed.Select(b => b.Batch));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
