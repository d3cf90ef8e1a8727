using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Metering.Cli.Serve;
using Metering.Cli.Tests.Support;
using Metering.Domain.Tenants;
using Metering.Storage.Activity;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// What <c>metering serve</c> refuses before reading a body: requests addressed to a name that is not loopback
/// (DNS rebinding), and requests beyond the concurrent-body cap; and the one log line each refusal writes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointRefusalTests(AzuriteFixture azurite)
{
    private static readonly string AcmeLine = CloudEvents.Ndjson([CloudEvents.Body("h1", "app://crm", "acme", "user.login", "alice", "2024-03-05T12:00:00Z")]);

    private static readonly string GlobexLine = CloudEvents.Ndjson([CloudEvents.Body("h2", "app://erp", "globex", "user.login", "zoë", "2024-03-05T12:00:00Z")]);

    [Fact]
    public async Task A_Request_Addressed_To_A_Foreign_Host_Is_Refused_With_400_Logged_And_Stores_Nothing()
    {
        var logs = new CapturedLogs();
        await using var serve = await StartAsync(logs);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative)) { Content = ServeInput.Content(AcmeLine, "application/x-ndjson") };
        request.Headers.Host = "evil.example";

        using var response = await serve.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await PresenceAsync(serve, "acme"));
        var line = Assert.Single(Refusals(logs));
        Assert.Contains("400", line, StringComparison.Ordinal);
        Assert.Contains("Host not served", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
        Assert.Contains("/events", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Foreign_Host_Is_Refused_On_Healthz_Too()
    {
        await using var serve = await StartAsync(new CapturedLogs());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
        request.Headers.Host = $"evil.example:{serve.Address.Port}";

        using var response = await serve.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_Request_Addressed_To_A_Loopback_Name_With_The_Bound_Port_Is_Served(string name)
    {
        await using var serve = await StartAsync(new CapturedLogs());
        await serve.RegisterAsync(ServeInput.Acme);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative)) { Content = ServeInput.Content(AcmeLine, "application/x-ndjson") };
        request.Headers.Host = $"{name}:{serve.Address.Port}";

        using var response = await serve.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", Assert.Single(await PresenceAsync(serve, "acme")).Unit.Value);
    }

    [Fact]
    public async Task A_Request_That_Finds_No_Free_Slot_Is_Answered_503_With_Retry_After_Before_Its_Body_Is_Read_And_The_First_Completes()
    {
        var logs = new CapturedLogs();
        await using var serve = await StartAsync(logs, o => o with
        {
            MaxConcurrentRequests = 1,
            RequestSlotWait = TimeSpan.FromMilliseconds(200),
            BusyRetryAfter = TimeSpan.FromSeconds(3),
        });
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        var slow = new GatedContent(Encoding.UTF8.GetBytes(AcmeLine));
        using var firstRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative)) { Content = slow };

        var first = await SendHoldingTheSlotAsync(serve.Http, firstRequest, slow);
        using var second = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(GlobexLine, "application/x-ndjson"));
        slow.Release();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Empty(await PresenceAsync(serve, "globex"));
        Assert.Equal("alice", Assert.Single(await PresenceAsync(serve, "acme")).Unit.Value);
        var line = Assert.Single(Refusals(logs));
        Assert.Contains("503", line, StringComparison.Ordinal);
        Assert.Contains("Too many concurrent requests", line, StringComparison.Ordinal);
        Assert.Contains("/events", line, StringComparison.Ordinal);
    }

    // docs/operations.md, "Memory": a customer list posted to reconcile is a body held in memory too, and takes a slot.
    [Fact]
    public async Task A_Reconciliation_List_Being_Read_Takes_The_Slot_An_Events_Body_Would_Need()
    {
        var logs = new CapturedLogs();
        await using var serve = await StartAsync(logs, o => o with { MaxConcurrentRequests = 1, RequestSlotWait = TimeSpan.FromMilliseconds(200) });
        await serve.RegisterAsync(ServeInput.Acme);
        var slow = new GatedContent(Encoding.UTF8.GetBytes("alice\nbob\n"));
        using var listRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/invoices/acme/acme-portal/2025-03-01_2025-03-31/reconcile", UriKind.Relative)) { Content = slow };

        var list = await SendHoldingTheSlotAsync(serve.Http, listRequest, slow);
        using var events = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(AcmeLine, "application/x-ndjson"));
        slow.Release();
        using var listResponse = await list;
        using var after = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(AcmeLine, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, listResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>
    /// Sends <paramref name="request"/>, whose <paramref name="body"/> stops halfway until released, and returns its response
    /// to come once its headers are in and its handler has had time to take the one slot while the body waits.
    /// </summary>
    private static async Task<Task<HttpResponseMessage>> SendHoldingTheSlotAsync(HttpClient http, HttpRequestMessage request, GatedContent body)
    {
        var response = http.SendAsync(request);
        await body.HalfSent.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return response;
    }

    [Fact]
    public async Task Slots_Are_Given_Back_So_Requests_One_After_Another_Are_All_Served()
    {
        await using var serve = await StartAsync(new CapturedLogs(), o => o with { MaxConcurrentRequests = 1 });
        await serve.RegisterAsync(ServeInput.Acme);

        for (var i = 0; i < 3; i++)
        {
            using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(i == 1 ? "[{}]" : AcmeLine, i == 2 ? "text/plain" : "application/x-ndjson"));
            Assert.NotEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        using var last = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(AcmeLine, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", "{}", 415, "Unsupported media type")]
    [InlineData("application/x-ndjson", "[{}]", 400, "Unusable request")]
    public async Task Each_Refusal_Logs_One_Line_With_Its_Status_Reason_Remote_Address_And_Path(string mediaType, string body, int status, string reason)
    {
        var logs = new CapturedLogs();
        await using var serve = await StartAsync(logs);

        using var response = await serve.Http.PostAsync(new Uri("/events?x=1", UriKind.Relative), ServeInput.Content(body, mediaType));

        Assert.Equal(status, (int)response.StatusCode);
        var line = Assert.Single(Refusals(logs));
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
        Assert.Contains("/events", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Body_Over_The_Limit_Logs_Its_413()
    {
        var logs = new CapturedLogs();
        await using var serve = await StartAsync(logs, o => o with { MaxRequestBytes = 16 });

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(AcmeLine, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("413", Assert.Single(Refusals(logs)), StringComparison.Ordinal);
    }

    private static List<string> Refusals(CapturedLogs logs) =>
        [.. logs.Lines.Where(l => l.Category == typeof(RequestRefusals).FullName && l.Level == LogLevel.Warning).Select(l => l.Message)];

    private Task<RunningServe> StartAsync(CapturedLogs logs, Func<ServeOptions, ServeOptions>? adjust = null) =>
        RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now, adjust, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));

    private static async Task<List<Metering.Domain.Activity.PresenceRecord>> PresenceAsync(RunningServe serve, string tenant)
    {
        var list = new List<Metering.Domain.Activity.PresenceRecord>();
        await foreach (var presence in new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse(tenant), new YearMonth(2024, 3), default))
        {
            list.Add(presence);
        }

        return list;
    }

    /// <summary>An NDJSON body of unknown length that sends its first half, then waits to be released before the rest.</summary>
    private sealed class GatedContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GatedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        public Task HalfSent => _halfSent.Task;

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _halfSent.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
