using System.Text.Json;
using Metering.Domain.Events;
using Metering.Storage.Archive;
using Metering.Storage.DeadLetters;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;
using static Metering.Storage.Tests.Support.Plans;

namespace Metering.Storage.Tests.DeadLetters;

[Collection(AzuriteCollection.Name)]
public sealed class BlobDeadLetterStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_Rejected_Event_Is_Kept_Byte_For_Byte_With_Every_Reason_And_Its_Position()
    {
        var account = TestAccounts.Create(azurite);
        var store = new BlobDeadLetterStore(account);
        var receivedAt = Instant.FromUtc(2024, 12, 31, 23, 30);
        byte[] notJson = [0x7B, 0xC3, 0x28, 0x0D, 0x0A, 0x00];
        RejectedEvent[] rejected =
        [
            new(new RawEvent(notJson, 7), [new ValidationError(RejectionReason.MalformedJson, null, "Invalid UTF-8 at byte 2.")]),
            new(new RawEvent("{\"type\":\"x\"}"u8.ToArray(), 9, "2", 42),
            [
                new ValidationError(RejectionReason.UnknownType, "type", "'x' is not in the catalog."),
                new ValidationError(RejectionReason.MissingAttribute, "time", "time is required."),
            ]),
        ];

        await store.WriteAsync(Batch("dl"), receivedAt, rejected, default);

        var blob = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter).GetBlobClient(BlobNames.Of(Batch("dl"), receivedAt));
        var content = (await blob.DownloadContentAsync()).Value.Content.ToString();
        var lines = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal($"2024/12/31/{Batch("dl")}.ndjson", blob.Name);
        Assert.Equal(2, lines.Count);
        Assert.Equal(notJson, lines[0].GetProperty("body").GetBytesFromBase64());
        Assert.Equal(7, lines[0].GetProperty("position").GetInt64());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("partition").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("reasons")[0].GetProperty("attribute").ValueKind);
        Assert.Equal("{\"type\":\"x\"}"u8.ToArray(), lines[1].GetProperty("body").GetBytesFromBase64());
        Assert.Equal("2", lines[1].GetProperty("partition").GetString());
        Assert.Equal(42, lines[1].GetProperty("sequenceNumber").GetInt64());
        Assert.Equal(
            [(RejectionReason.UnknownType, "type", "'x' is not in the catalog."), (RejectionReason.MissingAttribute, "time", "time is required.")],
            lines[1].GetProperty("reasons").EnumerateArray().Select(r => (r.GetProperty("code").GetString(), r.GetProperty("attribute").GetString(), r.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task A_Cut_Body_Keeps_Its_Kept_Bytes_And_Its_Original_Length_And_A_Whole_Body_Has_No_Length()
    {
        // Without originalLength a reader of the dead letters could not tell a cut body from a whole one.
        var account = TestAccounts.Create(azurite);
        var receivedAt = Instant.FromUtc(2024, 3, 1, 10, 0);
        var tooLarge = new ValidationError(RejectionReason.EventTooLarge, null, "too large");
        RejectedEvent[] rejected =
        [
            new(new RawEvent("{\"id\":\"cut"u8.ToArray(), 1) { OriginalLength = 10_000_000 }, [tooLarge]),
            new(new RawEvent("{}"u8.ToArray(), 2), [new ValidationError(RejectionReason.MissingAttribute, "id", "id is required.")]),
        ];

        await new BlobDeadLetterStore(account).WriteAsync(Batch("cut"), receivedAt, rejected, default);

        var blob = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter).GetBlobClient(BlobNames.Of(Batch("cut"), receivedAt));
        var lines = (await blob.DownloadContentAsync()).Value.Content.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(10_000_000, lines[0].GetProperty("originalLength").GetInt64());
        Assert.Equal("{\"id\":\"cut"u8.ToArray(), lines[0].GetProperty("body").GetBytesFromBase64());
        Assert.False(lines[1].TryGetProperty("originalLength", out _));
    }

    [Fact]
    public async Task No_Rejections_Write_No_Blob()
    {
        var account = TestAccounts.Create(azurite);
        await new BlobDeadLetterStore(account).WriteAsync(Batch("none"), Instant.FromUtc(2024, 1, 1, 0, 0), [], default);

        Assert.False((await account.Blobs.GetBlobContainerClient(account.Names.DeadLetter).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Containers_Are_Private()
    {
        var account = TestAccounts.Create(azurite);
        var reason = new ValidationError(RejectionReason.MalformedJson, null, "bad");
        await new BlobDeadLetterStore(account).WriteAsync(Batch("p"), Instant.FromUtc(2024, 1, 1, 0, 0), [new RejectedEvent(new RawEvent(new byte[] { 1 }, 1), [reason])], default);

        var access = await account.Blobs.GetBlobContainerClient(account.Names.DeadLetter).GetAccessPolicyAsync();

        Assert.Equal(Azure.Storage.Blobs.Models.PublicAccessType.None, access.Value.BlobPublicAccess);
    }
}
