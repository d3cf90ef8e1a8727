using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Activity;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// <c>POST /events</c> with one event in CloudEvents HTTP binary content mode (attributes in <c>ce-*</c> headers, the
/// body as <c>data</c>), from a plain HTTP client and from raw sockets, against Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointBinaryModeTests(AzuriteFixture azurite)
{
    private static readonly YearMonth March = new(2024, 3);

    [Fact]
    public async Task A_Binary_Event_Is_Accepted_At_Position_1_And_The_Same_Event_Resent_Structured_Counts_Once()
    {
        await using var serve = await StartAsync();
        var attributes = Attributes("dup-1", "user.created", "alice", "2024-03-01T08:00:00Z");

        var binary = await PostBinaryAsync(serve, attributes, "application/json; charset=utf-8", "{\"accountType\":\"person\"}");
        var structured = await PostAsync(serve, ServeInput.Content(StructuredBody(attributes, "{\"accountType\":\"person\"}"), "application/cloudevents+json"));

        Assert.Equal(HttpStatusCode.OK, binary.Status);
        Assert.Equal(1, binary.Answer.GetProperty("received").GetInt64());
        Assert.Equal(1, binary.Answer.GetProperty("accepted").GetInt64());
        Assert.Equal(1, binary.Answer.GetProperty("events")[0].GetProperty("position").GetInt64());
        Assert.Equal("accepted", binary.Answer.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Equal(1, structured.Answer.GetProperty("accepted").GetInt64());
        var facts = await ToListAsync(new TableActivityStore(serve.Account).ReadFactsAsync(TenantId.Parse("acme"), March, default));
        Assert.NotEmpty(facts);
        Assert.All(facts, f => Assert.Equal(EventKey.Of("app://crm", "dup-1"), f.Key));
        var inputs = new MeteringInputs();
        foreach (var fact in facts)
        {
            inputs.AddFact(fact);
        }

        Assert.Equal(1, inputs.Facts);
        Assert.Equal("alice", Assert.Single(facts.Select(f => f.Unit.Value).Distinct()));
    }

    [Theory]
    [InlineData("source", "app://my crm", RejectionReason.InvalidAttribute)]
    [InlineData("source", "app://erp", RejectionReason.UnregisteredSource)]
    [InlineData("specversion", "0.3", RejectionReason.UnsupportedSpecVersion)]
    [InlineData("type", "user.teleported", RejectionReason.UnknownType)]
    [InlineData("time", "2024-03-05 12:00:00Z", RejectionReason.InvalidTime)]
    [InlineData("time", "2024-04-01T00:10:00Z", RejectionReason.FutureTime)]
    [InlineData("tenantid", "Acme", RejectionReason.InvalidTenantId)]
    [InlineData("tenantid", "initech", RejectionReason.UnknownTenant)]
    [InlineData("subject", "a\u0001b", RejectionReason.InvalidSubject)]
    public async Task An_Invalid_Attribute_Gets_The_Same_Reason_In_Binary_Mode_As_In_Structured_Mode(string attribute, string value, string reason)
    {
        await using var serve = await StartAsync();
        var attributes = Attributes("bad-1", "user.login", "alice", "2024-03-05T12:00:00Z")
            .Select(a => a.Name == attribute ? (a.Name, value) : a)
            .ToList();

        var binary = await PostBinaryAsync(serve, attributes, contentType: null, body: "");
        var structured = await PostAsync(serve, ServeInput.Content(StructuredBody(attributes, data: null), "application/cloudevents+json"));

        Assert.Equal([reason], ReasonCodes(structured.Answer));
        Assert.Equal([reason], ReasonCodes(binary.Answer));
        Assert.Equal(1, binary.Answer.GetProperty("deadLetteredByReason").GetProperty(reason).GetInt64());
    }

    [Fact]
    public async Task A_Percent_Encoded_Subject_Is_Decoded_With_Its_Non_Ascii_Characters_And_Its_Percent_Sign()
    {
        await using var serve = await StartAsync();
        var attributes = Attributes("pct-1", "user.login", "zo%C3%AB%20100%25%20%E6%9D%B1%E4%BA%AC", "2024-03-05T12:00:00Z");

        var binary = await PostBinaryAsync(serve, attributes, contentType: null, body: "", encode: false);

        Assert.Equal(1, binary.Answer.GetProperty("accepted").GetInt64());
        var presence = await ToListAsync(new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), March, default));
        Assert.Equal("zoë 100% 東京", Assert.Single(presence.Select(p => p.Unit.Value).Distinct()));
    }

    [Fact]
    public async Task A_Text_Body_Is_Dead_Lettered_As_Invalid_Data_With_Its_Attributes_And_Bytes_Kept()
    {
        await using var serve = await StartAsync();
        var attributes = Attributes("text-1", "user.login", "alice", "2024-03-05T12:00:00Z");

        var binary = await PostBinaryAsync(serve, attributes, "text/plain", "hello, world");

        Assert.Equal(HttpStatusCode.OK, binary.Status);
        Assert.Equal(1, binary.Answer.GetProperty("deadLettered").GetInt64());
        Assert.Equal([RejectionReason.InvalidData], ReasonCodes(binary.Answer));
        var line = Assert.Single(await DeadLetterLinesAsync(serve.Account));
        var body = JsonDocument.Parse(line.GetProperty("body").GetBytesFromBase64()).RootElement;
        Assert.Equal("text-1", body.GetProperty("id").GetString());
        Assert.Equal("alice", body.GetProperty("subject").GetString());
        Assert.Equal("text/plain", body.GetProperty("datacontenttype").GetString());
        Assert.Equal("hello, world"u8.ToArray(), body.GetProperty("data_base64").GetBytesFromBase64());
    }

    [Fact]
    public async Task A_Header_Given_Twice_Is_A_Duplicate_Attribute()
    {
        await using var serve = await StartAsync();
        var head = Head(Attributes("twice-1", "user.login", "alice", "2024-03-05T12:00:00Z")) + "CE-Subject: bob\r\n";

        var (status, answer) = await PostRawAsync(serve, Encoding.ASCII.GetBytes(head));

        Assert.Equal(200, status);
        Assert.Equal([RejectionReason.DuplicateAttribute], ReasonCodes(answer));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("iso-8859-1")]
    public async Task A_Subject_Sent_Unencoded_Is_Read_From_Utf8_Or_Latin1_Octets(string encoding)
    {
        await using var serve = await StartAsync();
        var head = Head(Attributes("raw-1", "user.login", "zoë", "2024-03-05T12:00:00Z"));

        var (status, answer) = await PostRawAsync(serve, Encoding.GetEncoding(encoding).GetBytes(head));

        Assert.Equal(200, status);
        Assert.Equal(1, answer.GetProperty("accepted").GetInt64());
        var presence = await ToListAsync(new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), March, default));
        Assert.Equal("zoë", Assert.Single(presence.Select(p => p.Unit.Value).Distinct()));
    }

    [Fact]
    public async Task A_Header_Whose_Percent_Encoding_Is_Not_Utf8_Refuses_The_Request_With_400_And_Stores_Nothing()
    {
        await using var serve = await StartAsync();
        var attributes = Attributes("overlong-1", "user.login", "%C0%A0", "2024-03-05T12:00:00Z");

        using var response = await SendBinaryAsync(serve, attributes, contentType: null, body: "", encode: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ce-subject", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ToListAsync(new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), March, default)));
    }

    [Fact]
    public async Task A_Binary_Body_Over_The_Limit_Is_Refused_With_413()
    {
        await using var serve = await StartAsync(o => o with { MaxRequestBytes = 1024 });
        var data = "{\"deployment\":\"cloud\",\"padding\":\"" + new string('x', 2048) + "\"}";

        using var response = await SendBinaryAsync(serve, Attributes("big-1", "user.login", "alice", "2024-03-05T12:00:00Z"), "application/json", data);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Without_Ce_Specversion_Ce_Headers_Do_Not_Make_A_Request_Binary_And_A_CloudEvents_Content_Type_Stays_Structured()
    {
        await using var serve = await StartAsync();
        var withoutSpecVersion = Attributes("mode-1", "user.login", "alice", "2024-03-05T12:00:00Z").Where(a => a.Name != "specversion").ToList();
        var structuredBody = StructuredBody(Attributes("mode-2", "user.login", "bob", "2024-03-05T12:00:00Z"), data: null);

        using var unsupported = await SendBinaryAsync(serve, withoutSpecVersion, "application/json", "{}");
        using var structured = await SendBinaryAsync(serve, Attributes("mode-3", "user.login", "carol", "2024-03-05T12:00:00Z"), "application/cloudevents+json", structuredBody);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, structured.StatusCode);
        var presence = await ToListAsync(new TableActivityStore(serve.Account).ReadPresenceAsync(TenantId.Parse("acme"), March, default));
        Assert.Equal("bob", Assert.Single(presence.Select(p => p.Unit.Value).Distinct()));
    }

    private async Task<RunningServe> StartAsync(Func<Metering.Cli.Serve.ServeOptions, Metering.Cli.Serve.ServeOptions>? adjust = null)
    {
        var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now, adjust);
        await serve.RegisterAsync(ServeInput.Acme, ServeInput.Globex);
        return serve;
    }

    /// <summary>The attributes of an event of acme's registered source, in the order a producer would write them.</summary>
    private static List<(string Name, string Value)> Attributes(string id, string type, string subject, string time) =>
    [
        ("specversion", "1.0"),
        ("id", id),
        ("source", "app://crm"),
        ("type", type),
        ("time", time),
        ("tenantid", "acme"),
        ("subject", subject),
    ];

    private static string StructuredBody(IEnumerable<(string Name, string Value)> attributes, string? data)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                w.WriteString(name, value);
            }

            if (data is not null)
            {
                w.WritePropertyName("data");
                w.WriteRawValue(data);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The head of an HTTP/1.0 binary-mode request with an empty body, one <c>ce-*</c> line per attribute, values unencoded.</summary>
    private static string Head(IEnumerable<(string Name, string Value)> attributes) =>
        "POST /events HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n" + string.Concat(attributes.Select(a => $"ce-{a.Name}: {a.Value}\r\n"));

    private static async Task<(HttpStatusCode Status, JsonElement Answer)> PostBinaryAsync(
        RunningServe serve, IEnumerable<(string Name, string Value)> attributes, string? contentType, string body, bool encode = true)
    {
        using var response = await SendBinaryAsync(serve, attributes, contentType, body, encode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>One event in binary mode: each attribute a <c>ce-*</c> header, percent-encoded as the binding has senders do unless told not to.</summary>
    private static async Task<HttpResponseMessage> SendBinaryAsync(
        RunningServe serve, IEnumerable<(string Name, string Value)> attributes, string? contentType, string body, bool encode = true)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events", UriKind.Relative)) { Content = content };
        foreach (var (name, value) in attributes)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("ce-" + name, encode ? Uri.EscapeDataString(value) : value));
        }

        return await serve.Http.SendAsync(request);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(RunningServe serve, HttpContent content)
    {
        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// Sends a request head as given, octet for octet, over a socket: HTTP clients refuse to repeat a header on its
    /// own line or to send octets outside ASCII, and those are what is tested. HTTP/1.0, so that the answer ends with
    /// the connection.
    /// </summary>
    private static async Task<(int Status, JsonElement Answer)> PostRawAsync(RunningServe serve, byte[] head)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, serve.Address.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(head);
        await stream.WriteAsync("\r\n"u8.ToArray());
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await stream.CopyToAsync(received, timeout.Token);
        var response = Encoding.UTF8.GetString(received.ToArray());
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.True(status == 200, response);
        return (status, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static IReadOnlyList<string?> ReasonCodes(JsonElement answer) =>
        [.. answer.GetProperty("events")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString())];

    private static async Task<List<JsonElement>> DeadLetterLinesAsync(StorageAccount account)
    {
        var container = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter);
        var lines = new List<JsonElement>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            var text = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()));
        }

        return lines;
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
