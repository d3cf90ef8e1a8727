using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Storage.Tests.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Storage;
using NodaTime;

namespace Metering.Storage.Tests.Pipeline;

/// <summary>
/// docs/events.md, "Duplicates and reused ids", end to end on Azurite: a <c>source</c> and <c>id</c> sent again with
/// other content never adds a user; that copy is dead-lettered as <c>conflicting-duplicate</c> with its bytes, and
/// exact redeliveries stay silent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReusedIdTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";
    private const string MonthlyActive = """
        {
          "id": "acme-portal",
          "tenants": ["acme"],
          "term": { "start": "2025-03-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-03-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;

    private static readonly Instant ReceivedAt = Instant.FromUtc(2025, 4, 1, 12, 0);
    private static readonly Instant AsOf = Instant.FromUtc(2025, 4, 3, 0, 0);

    private static readonly byte[][] Originals =
    [
        Event("a1", "ana", "2025-03-02T09:00:00+01:00"),
        Event("a2", "ben", "2025-03-10T09:00:00+01:00"),
        Event("a3", "cy", "2025-03-20T09:00:00+01:00"),
    ];

    // Reuses of each id with other content: another subject, another time, another type.
    private static readonly byte[][] Reuses =
    [
        Event("a1", "ana-different-content", "2025-03-02T09:00:00+01:00"),
        Event("a1", "ana", "2025-03-03T09:00:00+01:00"),
        Event("a2", "dora", "2025-03-11T09:00:00+01:00"),
        Event("a3", "cy", "2025-03-20T09:00:00+01:00", type: "user.activity"),
        Event("a3", "eve", "2025-03-21T09:00:00+01:00"),
    ];

    // The example: a1 for ok1, then a1 again for ok1-different-content; the month bills one user.
    [Fact]
    public async Task A_Reused_Id_In_A_Later_Batch_Bills_One_User_And_Dead_Letters_The_Reuse_With_Its_Bytes_And_Reason()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite);
        await harness.ApplyAsync(MonthlyActive);
        var first = Event("a1", "ok1", "2025-03-05T10:00:00+01:00");
        var reuse = Event("a1", "ok1-different-content", "2025-03-05T10:00:00+01:00");

        var recorded = await harness.IngestAsync(ReceivedAt, first);
        var rejected = await harness.IngestAsync(ReceivedAt + Duration.FromMinutes(5), reuse);
        var redelivered = await harness.IngestAsync(ReceivedAt + Duration.FromMinutes(10), first);
        await harness.CloseAsync(AsOf);

        Assert.Equal((1L, 0L), (recorded.Accepted, recorded.DeadLetteredTotal));
        Assert.Equal((0L, 1L), (rejected.Accepted, rejected.DeadLettered[RejectionReason.ConflictingDuplicate]));
        Assert.Equal((0L, 0L, 1), (redelivered.DeadLetteredTotal, redelivered.Accepted, redelivered.SkippedAsRedelivered));
        var (_, invoice) = await harness.InvoiceAsync("acme-portal", March, 1);
        Assert.Equal(1, invoice.Figures.Quantity);
        var letter = Assert.Single(await DeadLettersAsync(harness));
        Assert.Equal(reuse, letter.Body);
        Assert.Equal(RejectionReason.ConflictingDuplicate, letter.Reason);
        Assert.Contains("'a1'", letter.Message, StringComparison.Ordinal);
    }

    // Once the originals are recorded, any interleaving of exact redeliveries (whole batches again, or copies in new
    // batches) and reuses, cut into batches in any way, gives the invoices of the originals alone, and dead-letters
    // exactly the reuses delivered, each as conflicting-duplicate.
    [Fact]
    public async Task Any_Interleaving_Of_Redeliveries_And_Reuses_Gives_The_Same_Invoices_And_Dead_Letters_The_Reuses()
    {
        var reference = await InvoicesAsync(await CloseHarness.CreateAsync(azurite), [Originals]);
        var items = Originals.Concat(Reuses).ToArray();
        var later = Gen.Int[0, items.Length - 1].Array[1, 5].Array[1, 6];

        await later.SampleAsync(
            async batches =>
            {
                await using var harness = await CloseHarness.CreateAsync(azurite);
                var delivered = batches.Select(b => b.Select(i => items[i]).ToArray()).ToArray();

                var invoices = await InvoicesAsync(harness, [Originals, .. delivered]);

                Assert.Equal(reference, invoices);
                var letters = await DeadLettersAsync(harness);
                Assert.All(letters, l => Assert.Equal(RejectionReason.ConflictingDuplicate, l.Reason));
                var expected = delivered.SelectMany(b => b).Where(b => Reuses.Any(r => r.AsSpan().SequenceEqual(b))).Select(Convert.ToBase64String).ToHashSet();
                Assert.Equal(expected.Order(StringComparer.Ordinal), letters.Select(l => Convert.ToBase64String(l.Body)).Distinct().Order(StringComparer.Ordinal));
            },
            iter: 12,
            threads: 1);
    }

    private static async Task<string[]> InvoicesAsync(CloseHarness harness, IEnumerable<byte[][]> batches)
    {
        await harness.ApplyAsync(MonthlyActive);
        foreach (var batch in batches)
        {
            await harness.IngestAsync(ReceivedAt, batch);
        }

        await harness.CloseAsync(AsOf);
        var (stored, invoice) = await harness.InvoiceAsync("acme-portal", March, 1);
        return [Encoding.UTF8.GetString(stored.Json.Span), Encoding.UTF8.GetString(await harness.BlobAsync(invoice.Evidence.BlobName))];
    }

    private static async Task<List<(byte[] Body, string Reason, string Message)>> DeadLettersAsync(CloseHarness harness)
    {
        var lines = await BatchBlobLine.ReadAllAsync(harness.Account.Blobs.GetBlobContainerClient(harness.Account.Names.DeadLetter));
        return [.. lines.Select(l => (
            l.Line.GetProperty("body").GetBytesFromBase64(),
            l.Line.GetProperty("reasons")[0].GetProperty("code").GetString()!,
            l.Line.GetProperty("reasons")[0].GetProperty("message").GetString()!))];
    }

    private static byte[] Event(string id, string subject, string time, string type = "user.login") =>
        CloudEvents.Body(id, CloseHarness.Source, "acme", type, subject, time);
}
