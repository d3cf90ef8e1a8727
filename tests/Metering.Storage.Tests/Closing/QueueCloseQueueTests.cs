using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Storage.Accounts;
using Metering.Storage.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// The close queue: base64 JSON messages (what the Functions queue trigger reads by default), received out of sight
/// for a visibility timeout, removed once handled; a message that is no close request is removed, never retried.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueCloseQueueTests(AzuriteFixture azurite)
{
    private static readonly CloseRequest March = new(ContractId.Parse("acme-meetings"), "2025-03-01_2025-03-31", "due");

    [Fact]
    public async Task A_Request_Round_Trips_And_Is_Gone_Once_Completed()
    {
        var queue = new QueueCloseQueue(TestAccounts.Create(azurite));

        await queue.EnqueueAsync(March, default);
        var message = await queue.ReceiveAsync(Duration.FromMinutes(1), default);
        Assert.NotNull(message);
        await queue.CompleteAsync(message, default);

        Assert.Equal(March, message.Request);
        Assert.Equal(1, message.DequeueCount);
        Assert.Null(await queue.ReceiveAsync(Duration.FromMinutes(1), default));
    }

    [Fact]
    public async Task An_Empty_Queue_Gives_Null()
    {
        Assert.Null(await new QueueCloseQueue(TestAccounts.Create(azurite)).ReceiveAsync(Duration.FromMinutes(1), default));
    }

    [Fact]
    public async Task The_Stored_Message_Is_Base64_Of_The_Documented_Json()
    {
        var account = TestAccounts.Create(azurite);
        await new QueueCloseQueue(account).EnqueueAsync(March with { Reason = "late-events" }, default);

        var peeked = (await RawQueue(account).PeekMessageAsync()).Value;
        var json = JsonDocument.Parse(Convert.FromBase64String(peeked.Body.ToString())).RootElement;

        Assert.Equal("acme-meetings", json.GetProperty("contract").GetString());
        Assert.Equal("2025-03-01_2025-03-31", json.GetProperty("window").GetString());
        Assert.Equal("late-events", json.GetProperty("reason").GetString());
        Assert.Equal(["contract", "window", "reason"], json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_Message_Not_Completed_Reappears_After_Its_Visibility_With_A_Higher_Dequeue_Count()
    {
        var queue = new QueueCloseQueue(TestAccounts.Create(azurite));
        await queue.EnqueueAsync(March, default);

        var first = await queue.ReceiveAsync(Duration.FromSeconds(1), default);
        var hidden = await queue.ReceiveAsync(Duration.FromSeconds(1), default);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var again = await queue.ReceiveAsync(Duration.FromMinutes(1), default);

        Assert.NotNull(first);
        Assert.Null(hidden);
        Assert.NotNull(again);
        Assert.Equal(March, again.Request);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_Visibility_Under_A_Second_Is_Rounded_Up_To_One()
    {
        var queue = new QueueCloseQueue(TestAccounts.Create(azurite));
        await queue.EnqueueAsync(March, default);

        var first = await queue.ReceiveAsync(Duration.FromMilliseconds(200), default);
        var hidden = await queue.ReceiveAsync(Duration.FromMinutes(1), default);

        Assert.NotNull(first);
        Assert.Null(hidden);
    }

    [Theory]
    [InlineData("not base64 at all: {contract}")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("eyJjb250cmFjdCI6IkFDTUUiLCJ3aW5kb3ciOiIyMDI1LTAzLTAxXzIwMjUtMDMtMzEifQ==")]
    [InlineData("eyJ3aW5kb3ciOiIyMDI1LTAzLTAxXzIwMjUtMDMtMzEifQ==")]
    [InlineData("W10=")]
    public async Task A_Malformed_Message_Is_Removed_And_The_Next_Request_Is_Received(string rawBody)
    {
        // The cases: plain text that is not base64; base64 of text that is not JSON; a contract id in capitals (not
        // an id); no contract at all; a JSON array.
        var account = TestAccounts.Create(azurite);
        var queue = new QueueCloseQueue(account);
        await queue.EnqueueAsync(March with { Reason = "warm-up" }, default);
        var warmUp = await queue.ReceiveAsync(Duration.FromMinutes(1), default);
        await queue.CompleteAsync(warmUp!, default);
        await RawQueue(account).SendMessageAsync(rawBody);
        await queue.EnqueueAsync(March, default);

        var received = await queue.ReceiveAsync(Duration.FromMinutes(1), default);
        await queue.CompleteAsync(received!, default);

        Assert.Equal(March, received!.Request);
        Assert.Null(await queue.ReceiveAsync(Duration.FromMinutes(1), default));
        Assert.Equal(0, (await RawQueue(account).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_Request_Without_A_Reason_Reads_As_Due()
    {
        var account = TestAccounts.Create(azurite);
        var queue = new QueueCloseQueue(account);
        await queue.EnqueueAsync(March with { Reason = "warm-up" }, default);
        await queue.CompleteAsync((await queue.ReceiveAsync(Duration.FromMinutes(1), default))!, default);
        var body = """{"contract":"acme-meetings","window":"2025-03-01_2025-03-31"}""";
        await RawQueue(account).SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)));

        var received = await queue.ReceiveAsync(Duration.FromMinutes(1), default);

        Assert.Equal(March, received!.Request);
    }

    // The queue as another producer sees it: no encoding applied by the client.
    private QueueClient RawQueue(StorageAccount account) => new(azurite.ConnectionString, account.Names.CloseQueue);
}
