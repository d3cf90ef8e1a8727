using System.Net;
using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Storage;

namespace Metering.Cli.Tests.Serve;

/// <summary>
/// What <c>POST /events</c> answers for each content type and each shape of body (docs/operations.md, "Running locally"):
/// 400 with nothing stored when the body does not have the shape its type announces, else 200 with the events it
/// holds, the bad ones dead-lettered.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsEndpointBodyShapeTests(AzuriteFixture azurite)
{
    private const string Ndjson = "application/x-ndjson";
    private const string Batch = "application/cloudevents-batch+json";
    private const string Single = "application/cloudevents+json";

    private static readonly string First = Encoding.UTF8.GetString(CloudEvents.Body("s1", "app://crm", "acme", "user.login", "alice", "2024-03-05T12:00:00Z"));

    private static readonly string Second = Encoding.UTF8.GetString(CloudEvents.Body("s2", "app://crm", "acme", "user.login", "bob", "2024-03-05T12:00:00Z"));

    /// <summary>Bodies by shape.</summary>
    private static readonly Dictionary<string, string> Shapes = new(StringComparer.Ordinal)
    {
        ["empty"] = "",
        ["whitespace"] = " \r\n\t\n",
        ["byte order mark only"] = "\uFEFF",
        ["one object"] = First,
        ["one object, nine lines"] = "{\n\"specversion\":\"1.0\",\n\"id\":\"p1\",\n\"source\":\"app://crm\",\n\"type\":\"user.login\",\n\"time\":\"2024-03-05T12:00:00Z\",\n\"tenantid\":\"acme\",\n\"subject\":\"carol\"\n}\n",
        ["two lines"] = First + "\n" + Second + "\n",
        ["two objects on one line"] = First + Second,
        ["object then text"] = First + " and more",
        ["malformed line then a good one"] = "{\"specversion\":\"1.0\",\"id\":\n" + Second + "\n",
        ["scalar"] = "42",
        ["array"] = "[" + First + ",\n" + Second + "]",
        ["empty array"] = "[ ]",
        ["two arrays"] = "[" + First + "]\n[" + Second + "]",
    };

    [Theory]
    // content type, body shape, status, events received, events accepted (for a 200)
    [InlineData(Ndjson, "empty", 400, 0, 0)]
    [InlineData(Batch, "empty", 400, 0, 0)]
    [InlineData(Single, "empty", 400, 0, 0)]
    [InlineData(Ndjson, "whitespace", 400, 0, 0)]
    [InlineData(Batch, "whitespace", 400, 0, 0)]
    [InlineData(Single, "whitespace", 400, 0, 0)]
    [InlineData(Single, "byte order mark only", 400, 0, 0)]
    [InlineData(Ndjson, "one object", 200, 1, 1)]
    [InlineData(Batch, "one object", 400, 0, 0)]
    [InlineData(Single, "one object", 200, 1, 1)]
    [InlineData(Ndjson, "one object, nine lines", 200, 9, 0)] // every line is an event of its own, and none is one
    [InlineData(Batch, "one object, nine lines", 400, 0, 0)]
    [InlineData(Single, "one object, nine lines", 200, 1, 1)]
    [InlineData(Ndjson, "two lines", 200, 2, 2)]
    [InlineData(Batch, "two lines", 400, 0, 0)]
    [InlineData(Single, "two lines", 400, 0, 0)]
    [InlineData(Ndjson, "two objects on one line", 200, 1, 0)]
    [InlineData(Single, "two objects on one line", 400, 0, 0)]
    [InlineData(Ndjson, "object then text", 200, 1, 0)]
    [InlineData(Single, "object then text", 400, 0, 0)]
    [InlineData(Ndjson, "malformed line then a good one", 200, 2, 1)]
    [InlineData(Single, "malformed line then a good one", 200, 1, 0)] // where the first value ends cannot be told: one malformed event
    [InlineData(Ndjson, "scalar", 200, 1, 0)]
    [InlineData(Batch, "scalar", 400, 0, 0)]
    [InlineData(Single, "scalar", 200, 1, 0)]
    [InlineData(Ndjson, "array", 400, 0, 0)]
    [InlineData(Batch, "array", 200, 2, 2)]
    [InlineData(Single, "array", 400, 0, 0)]
    [InlineData(Ndjson, "empty array", 400, 0, 0)]
    [InlineData(Batch, "empty array", 200, 0, 0)] // a batch of no events (CloudEvents JSON batch format, 4.3)
    [InlineData(Single, "empty array", 400, 0, 0)]
    [InlineData(Batch, "two arrays", 200, 2, 1)] // the second array is the broken batch's remainder
    [InlineData(Single, "two arrays", 400, 0, 0)]
    public async Task A_Body_Is_Refused_Whole_Or_Read_As_Its_Content_Type_Announces(string contentType, string shape, int status, long received, long accepted)
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(Shapes[shape], contentType));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        var archived = await BatchBlobLine.ReadAllAsync(serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.Archive));
        var deadLetters = await BatchBlobLine.ReadAllAsync(serve.Account.Blobs.GetBlobContainerClient(serve.Account.Names.DeadLetter));
        if (status == 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Empty(archived);
            Assert.Empty(deadLetters);
            return;
        }

        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal((received, accepted, received - accepted), (answer.GetProperty("received").GetInt64(), answer.GetProperty("accepted").GetInt64(), answer.GetProperty("deadLettered").GetInt64()));
        Assert.Equal(received, archived.Count);
        Assert.Equal(received - accepted, deadLetters.Count);
    }

    [Fact]
    public async Task Ndjson_Lines_Sent_As_One_Event_Are_Refused_Saying_Where_The_Second_Value_Starts_And_What_To_Send()
    {
        await using var serve = await RunningServe.StartAsync(azurite.ConnectionString, ServeInput.Now);
        await serve.RegisterAsync(ServeInput.Acme);

        using var response = await serve.Http.PostAsync(new Uri("/events", UriKind.Relative), ServeInput.Content(Shapes["two lines"], Single));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains($"at byte offset {Encoding.UTF8.GetByteCount(First) + 1}", detail, StringComparison.Ordinal);
        Assert.Contains("application/x-ndjson", detail, StringComparison.Ordinal);
    }
}
