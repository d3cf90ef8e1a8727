using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using Metering.Storage.Activity;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Storage;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// A 10 MB event posted to <c>metering serve</c> in each way a request carries events (docs/events.md, "Hard cap"):
/// its archive and dead-letter lines keep its first 1 MiB and its original length, never the whole body, and a good
/// event of the same request is recorded.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointHardCapTests(AzuriteFixture azurite)
{
    private const int Cap = EventBatchReader.DefaultMaxEventBytes;

    /// <summary>The data of the large event: well-formed, so only its size is wrong with it.</summary>
    private static readonly string LargeData = "{\"deployment\":\"cloud\",\"padding\":\"" + new string('x', 10_000_000) + "\"}";

    private static readonly byte[] Large = CloudEvents.Body("large-1", "app://crm", "acme", "user.login", "bob", "2024-03-05T12:00:00Z", LargeData);

    private static readonly byte[] Good = CloudEvents.Body("good-1", "app://crm", "acme", "user.login", "alice", "2024-03-05T12:00:00Z");

    private static readonly (string Name, string Value)[] LargeAttributes =
    [
        ("specversion", "1.0"), ("id", "large-1"), ("source", "app://crm"), ("type", "user.login"),
        ("time", "2024-03-05T12:00:00Z"), ("tenantid", "acme"), ("subject", "bob"),
    ];

    [Theory]
    // mode, position of the large event, position of the good one (0: the request carries one event only)
    [InlineData("ndjson", 2, 1)]
    [InlineData("array", 1, 2)]
    [InlineData("structured", 1, 0)]
    [InlineData("binary", 1, 0)]
    public async Task An_Event_Over_The_Cap_Is_Stored_As_Its_First_MiB_With_Its_Original_Length_In_Every_Mode(string mode, long largeAt, long goodAt)
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme);
        // What the event amounts to, as stored: a binary-mode event is the structured body its headers and data make.
        var stored = mode == "binary"
            ? BinaryContentMode.ToStructured([.. LargeAttributes.Select(a => KeyValuePair.Create(a.Name, BinaryContentMode.Text(a.Value)))], "application/json", Encoding.UTF8.GetBytes(LargeData))
            : Large;

        using var request = Request(mode);
        using var response = await serve.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var events = JsonDocument.Parse(text).RootElement.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("position").GetInt64());
        Assert.Equal(RejectionReason.EventTooLarge, events[largeAt].GetProperty("reasons")[0].GetProperty("code").GetString());

        var deadLetter = Assert.Single(await BatchBlobLine.ReadAllAsync(serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.DeadLetter)));
        AssertCut(deadLetter, largeAt, stored);
        // The blob is the cap in base64 and a little more: not the 13 MB that the whole body in base64 would take.
        Assert.InRange(deadLetter.BlobBytes, 4 * Cap / 3, (4 * Cap / 3) + 1024);
        var archived = await BatchBlobLine.ReadAllAsync(serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.Archive));
        AssertCut(Assert.Single(archived, l => l.Line.GetProperty("position").GetInt64() == largeAt), largeAt, stored);

        if (goodAt > 0)
        {
            Assert.Equal("accepted", events[goodAt].GetProperty("status").GetString());
            var good = Assert.Single(archived, l => l.Line.GetProperty("position").GetInt64() == goodAt).Line;
            Assert.Equal(Good, good.GetProperty("body").GetBytesFromBase64());
            Assert.False(good.TryGetProperty("originalLength", out _));
            var presence = new List<string>();
            await foreach (var record in new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default))
            {
                presence.Add(record.Unit.Value);
            }

            Assert.Equal(["alice"], presence.Distinct());
        }
    }

    private static void AssertCut(BatchBlobLine stored, long position, byte[] whole)
    {
        Assert.Equal(position, stored.Line.GetProperty("position").GetInt64());
        Assert.Equal(whole.Length, stored.Line.GetProperty("originalLength").GetInt64());
        Assert.Equal(whole.AsSpan(0, Cap).ToArray(), stored.Line.GetProperty("body").GetBytesFromBase64());
    }

    private static HttpRequestMessage Request(string mode)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative));
        var large = Encoding.UTF8.GetString(Large);
        var good = Encoding.UTF8.GetString(Good);
        switch (mode)
        {
            case "ndjson":
                request.Content = ServeInput.Content(good + "\n" + large + "\n", "application/x-ndjson");
                break;
            case "array":
                request.Content = ServeInput.Content("[" + large + ",\n" + good + "]", "application/cloudevents-batch+json");
                break;
            case "structured":
                request.Content = ServeInput.Content(large, "application/cloudevents+json");
                break;
            case "binary":
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(LargeData)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                foreach (var (name, value) in LargeAttributes)
                {
                    request.Headers.Add("ce-" + name, Uri.EscapeDataString(value));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }

        return request;
    }
}
