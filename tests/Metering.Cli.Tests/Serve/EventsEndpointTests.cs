using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using Metering.Storage.Activity;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary><c>POST /events</c> of <c>metering serve</c> on a free loopback port, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_Posted_Ndjson_Batch_Is_Stored_And_Every_Event_Is_Answered_By_Its_Line()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(9, answer.GetProperty("received").GetInt64());
        Assert.Equal(6, answer.GetProperty("accepted").GetInt64());
        Assert.Equal(3, answer.GetProperty("deadLettered").GetInt64());
        var events = answer.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), events.Select(e => e.GetProperty("position").GetInt64()));
        Assert.Equal([3L, 6, 9], events.Where(e => e.GetProperty("status").GetString() == "rejected").Select(e => e.GetProperty("position").GetInt64()));
        Assert.Equal(
            [RejectionReason.MalformedJson, RejectionReason.UnknownType, RejectionReason.UnregisteredSource],
            events.Where(e => e.TryGetProperty("reasons", out _)).Select(e => e.GetProperty("reasons")[0].GetProperty("code").GetString()));

        var reader = new TableActivityStore(serve.Account);
        var acme = await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default));
        Assert.Equal(["alice", "bob/b#2?"], acme.Select(p => p.Unit.Value).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("zoë", Assert.Single(await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 3), default))).Unit.Value);
    }

    [Fact]
    public async Task Posting_The_Same_Body_Again_Writes_Nothing_More()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);

        using var first = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));
        using var second = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));

        var answer = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, answer.GetProperty("batchesAlreadyRecorded").GetInt64());
        // The resent events are counted by the first answer only: this one reports them as already recorded.
        var firstAnswer = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, answer.GetProperty("accepted").GetInt64());
        Assert.Equal(0, answer.GetProperty("deadLettered").GetInt64());
        Assert.Equal(firstAnswer.GetProperty("received").GetInt64(), answer.GetProperty("eventsAlreadyRecorded").GetInt64());
        Assert.All(answer.GetProperty("events").EnumerateArray(), e => Assert.Equal("already-recorded", e.GetProperty("status").GetString()));
        // The reasons of an event rejected the first time are given again, so a client that resends learns them.
        var rejectedFirst = firstAnswer.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("status").GetString() == "rejected").Select(e => e.GetProperty("position").GetInt64());
        var reasonsAgain = answer.GetProperty("events").EnumerateArray().Where(e => e.TryGetProperty("reasons", out _)).Select(e => e.GetProperty("position").GetInt64());
        Assert.NotEmpty(rejectedFirst);
        Assert.Equal(rejectedFirst, reasonsAgain);
    }

    [Fact]
    public async Task A_Json_Array_And_A_Pretty_Printed_Single_Event_Are_Read_In_Their_Media_Types()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        var array = "[" + string.Join(",", SampleInput.Good.Select(Encoding.UTF8.GetString)) + ", 42]";
        var single = JsonSerializer.Serialize(JsonDocument.Parse(SampleInput.Good[3]).RootElement, new JsonSerializerOptions { WriteIndented = true });

        using var batch = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(array, "application/cloudevents-batch+json; charset=utf-8"));
        using var one = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(single, "application/cloudevents+json"));

        var batchAnswer = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, batchAnswer.GetProperty("received").GetInt64());
        Assert.Equal(4, batchAnswer.GetProperty("accepted").GetInt64());
        Assert.Equal(RejectionReason.NotAnObject, batchAnswer.GetProperty("events")[4].GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Contains('\n', single);
        var oneAnswer = JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, oneAnswer.GetProperty("accepted").GetInt64());
        Assert.Equal(1, oneAnswer.GetProperty("events")[0].GetProperty("position").GetInt64());
    }

    [Theory]
    [InlineData("text/plain", "{}", 415)]
    [InlineData("application/json", "{}", 415)]
    [InlineData("application/x-ndjson; charset=utf-16", "{}", 415)]
    [InlineData("application/x-ndjson", "   \n\n", 400)]
    [InlineData("application/x-ndjson", "[{}]", 400)]
    [InlineData("application/cloudevents-batch+json", "{\"specversion\":\"1.0\"}", 400)]
    public async Task A_Request_That_Carries_No_Usable_Events_Is_Refused_Whole(string mediaType, string body, int status)
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(body, mediaType));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_Declared_Length_Over_The_Limit_Is_Refused_With_413_Before_The_Body_Is_Sent_And_Nothing_Is_Stored()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now, o => o with { MaxRequestBytes = 64 * 1024 });
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        var body = CloudEvents.Ndjson(Enumerable.Range(0, 2000).Select(i => CloudEvents.Body($"e{i}", "app://crm", "acme", "user.login", $"u{i}", "2024-03-05T12:00:00Z")));
        var sent = new CountingContent(Encoding.UTF8.GetBytes(body), "application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative)) { Content = sent };
        request.Headers.ExpectContinue = true;

        using var response = await serve.Http.SendAsync(request);

        Assert.True(body.Length > 64 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, sent.BytesWritten);
        var reader = new TableActivityStore(serve.Account);
        Assert.Empty(await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default)));
    }

    [Fact]
    public async Task A_Chunked_Body_Over_The_Limit_Is_Refused_With_413_Once_The_Limit_Is_Passed()
    {
        const int limit = 64 * 1024;
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now, o => o with { MaxRequestBytes = limit });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, serve.Address.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = $"POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var line = CloudEvents.Ndjson([CloudEvents.Body("1", "app://crm", "acme", "user.login", "alice", "2024-03-05T12:00:00Z")]);
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 16 * 1024 / line.Length)));
        for (var sent = 0; sent <= limit + chunk.Length; sent += chunk.Length)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
            await stream.WriteAsync(chunk);
            await stream.WriteAsync("\r\n"u8.ToArray());
        }

        // The body is never finished: the answer comes because the limit was passed, not because the body ended.
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = await stream.ReadAsync(buffer, timeout.Token);

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Storage_Failure_Answers_503_With_Retry_After()
    {
        var unreachable = azurite.ConnectionString
            .Replace($":{azurite.TablePort}/", $":{FreePort()}/", StringComparison.Ordinal);
        await using var serve = await RunningServe.StartAsync(
            unreachable, ServeInput.Now, o => o with { RetryAfter = TimeSpan.FromSeconds(7) }, NoRetries);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(SampleInput.MixedNdjson(), "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    internal static void NoRetries(ClientOptions options) => options.Retry.MaxRetries = 0;

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    /// <summary>A body that records how much of itself was sent.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly byte[] _bytes;

        public CountingContent(byte[] bytes, string mediaType)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            Headers.ContentLength = bytes.Length;
        }

        public long BytesWritten { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes);
            BytesWritten = _bytes.Length;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
