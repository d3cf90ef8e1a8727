using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Events;
using Metering.Functions.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Faults;
using Metering.Testing.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Functions.Tests;

/// <summary>
/// The <c>ingest</c> function called as the host calls a batched Event Hubs trigger on the 5.1.0 extension: the bodies
/// as <c>byte[][]</c>, <c>sequenceNumberArray</c> bound by name, and the properties, system properties and partition
/// context as JSON text in the binding data.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IngestFunctionTests(AzuriteFixture azurite)
{
    private static readonly Instant ReceivedAt = Instant.FromUtc(2025, 4, 1, 12, 0);

    // The function the host runs for the "lms" sender's hub (acme lists that sender).
    private const string Lms = "ingest-lms";

    /// <summary>One Event Hubs batch: structured, malformed, AMQP binary-mode and Kafka binary-mode events.</summary>
    private static (byte[][] Bodies, long[] Sequence, Dictionary<string, object?> Data) MixedBatch()
    {
        static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var bodies = new[]
        {
            CloudEvents.Body("e1", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00+01:00"),
            "{\"specversion\":\"1.0\",\"id\":"u8.ToArray(),
            "{\"deployment\":\"cloud\"}"u8.ToArray(),
            "{}"u8.ToArray(),
        };
        var properties = new object?[]
        {
            new Dictionary<string, object>(),
            new Dictionary<string, object>(),
            new Dictionary<string, object>
            {
                ["cloudEvents:specversion"] = "1.0", ["cloudEvents:id"] = "e3", ["cloudEvents:source"] = FunctionsApp.Source,
                ["cloudEvents:type"] = "app.launched", ["cloudEvents:time"] = "2025-03-03T10:00:00Z",
                ["cloudEvents:tenantid"] = "acme", ["cloudEvents:subject"] = "Zoë/100% #1?",
                ["trace"] = "not an attribute",
            },
            new Dictionary<string, object>
            {
                ["ce_specversion"] = Base64("1.0"), ["ce_id"] = Base64("e4"), ["ce_source"] = Base64(FunctionsApp.Source),
                ["ce_type"] = Base64("user.login"), ["ce_time"] = Base64("2025-03-04T10:00:00Z"),
                ["ce_tenantid"] = Base64("acme"), ["ce_subject"] = Base64("ユーザー"),
            },
        };
        var systemProperties = new object?[]
        {
            new Dictionary<string, object> { ["x-opt-sequence-number"] = 10 },
            new Dictionary<string, object> { ["x-opt-sequence-number"] = 11 },
            new Dictionary<string, object> { ["x-opt-sequence-number"] = 12, ["content-type"] = "application/json" },
            new Dictionary<string, object> { ["x-opt-sequence-number"] = 13 },
        };
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["PartitionContext"] = """{"FullyQualifiedNamespace":"ns.servicebus.windows.net","EventHubName":"telemetry","ConsumerGroup":"metering","PartitionId":"3"}""",
            ["PropertiesArray"] = JsonSerializer.Serialize(properties),
            ["SystemPropertiesArray"] = JsonSerializer.Serialize(systemProperties),
            ["SequenceNumberArray"] = new long[] { 10, 11, 12, 13 },
        };
        return (bodies, [10, 11, 12, 13], data);
    }

    [Fact]
    public async Task A_Batch_Records_Structured_And_Binary_Mode_Events_And_Keeps_The_Malformed_One_With_Its_Reason_And_Origin()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();

        await app.Function<IngestFunction>().RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), default);

        Assert.Equal(["Zoë/100% #1?", "ana", "ユーザー"], await app.UnitsAsync("2025-03"));
        var line = Assert.Single(await DeadLetterLinesAsync(app));
        Assert.Equal(2, line.GetProperty("position").GetInt64());
        Assert.Equal("3", line.GetProperty("partition").GetString());
        Assert.Equal(11, line.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal("malformed-json", line.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(bodies[1], line.GetProperty("body").GetBytesFromBase64());
    }

    [Fact]
    public async Task A_Redelivered_Batch_Changes_Nothing_Stored()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();
        var function = app.Function<IngestFunction>();

        await function.RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), default);
        var first = await TableSnapshot.OfPrefixAsync(app.Account.Tables, app.Names.Prefix);
        app.Clock.Advance(Duration.FromMinutes(3));
        await function.RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), default);
        var second = await TableSnapshot.OfPrefixAsync(app.Account.Tables, app.Names.Prefix);

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task A_Binary_Mode_Event_And_The_Same_Event_In_Structured_Mode_Have_One_Key()
    {
        await using var structured = await FunctionsApp.StartAsync(azurite);
        await using var binary = await FunctionsApp.StartAsync(azurite);
        structured.Clock.Reset(ReceivedAt);
        binary.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();
        await binary.Function<IngestFunction>().RunAsync([bodies[2]], [sequence[2]], new FakeFunctionContext(Lms, new Dictionary<string, object?>
        {
            ["PropertiesArray"] = "[" + JsonDocument.Parse((string)data["PropertiesArray"]!).RootElement[2].GetRawText() + "]",
            ["SystemPropertiesArray"] = """[{"content-type":"application/json"}]""",
        }), default);
        var asStructured = """{"specversion":"1.0","id":"e3","source":"app://crm","type":"app.launched","time":"2025-03-03T10:00:00Z","tenantid":"acme","subject":"Zoë/100% #1?","data":{"deployment":"cloud"}}"""u8.ToArray();
        await structured.Function<IngestFunction>().RunAsync([asStructured], [12], new FakeFunctionContext(Lms), default);

        // The same unit on the same day of the same kind: the same presence entities under either prefix.
        var a = await TableSnapshot.OfTablesAsync(binary.Account.Tables, [binary.Names.Presence]);
        var b = await TableSnapshot.OfTablesAsync(structured.Account.Tables, [structured.Names.Presence]);
        Assert.Equal(1, a.Entities);
        Assert.Equal(Strip(b.Text, structured.Names.Prefix), Strip(a.Text, binary.Names.Prefix));
    }

    // docs/events.md, "Duplicates and reused ids": the binary-mode copy of an event counted in structured mode says the
    // same and is a redelivery; a structured copy of its source and id with another subject is a reused id.
    [Fact]
    public async Task A_Binary_Mode_Redelivery_Is_Silent_And_A_Reused_Id_In_A_Later_Batch_Is_Dead_Lettered_As_Conflicting()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();
        var function = app.Function<IngestFunction>();
        var asStructured = """{"specversion":"1.0","id":"e3","source":"app://crm","type":"app.launched","time":"2025-03-03T10:00:00Z","tenantid":"acme","subject":"Zoë/100% #1?","data":{"deployment":"cloud"}}"""u8.ToArray();
        var reuse = """{"specversion":"1.0","id":"e3","source":"app://crm","type":"app.launched","time":"2025-03-03T10:00:00Z","tenantid":"acme","subject":"someone else","data":{"deployment":"cloud"}}"""u8.ToArray();
        await function.RunAsync([asStructured], [20], new FakeFunctionContext(Lms), default);

        app.Clock.Advance(Duration.FromMinutes(3));
        await function.RunAsync([bodies[2], reuse], [sequence[2], 21], new FakeFunctionContext(Lms, new Dictionary<string, object?>
        {
            ["PropertiesArray"] = "[" + JsonDocument.Parse((string)data["PropertiesArray"]!).RootElement[2].GetRawText() + ",{}]",
            ["SystemPropertiesArray"] = """[{"content-type":"application/json"},{}]""",
        }), default);

        Assert.Equal(["Zoë/100% #1?"], await app.UnitsAsync("2025-03"));
        var line = Assert.Single(await DeadLetterLinesAsync(app));
        Assert.Equal("conflicting-duplicate", line.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(reuse, line.GetProperty("body").GetBytesFromBase64());
        Assert.Equal(2, line.GetProperty("position").GetInt64());
    }

    [Fact]
    public async Task A_Storage_Fault_During_Ingest_Is_Retried_Inside_The_Function_And_Never_Surfaces()
    {
        var faults = FaultInjector.FailWhen(m => m.Request.Method != Azure.Core.RequestMethod.Get, FaultKind.ServiceUnavailable, maxFaults: 3);
        faults.Enabled = false;
        await using var reference = await FunctionsApp.StartAsync(azurite);
        await using var app = await FunctionsApp.StartAsync(azurite, faults);
        faults.Enabled = true;
        reference.Clock.Reset(ReceivedAt);
        app.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();

        await reference.Function<IngestFunction>().RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), default);
        await app.Function<IngestFunction>().RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), default);

        Assert.Equal(3, faults.Faults);
        Assert.Equal(3, app.Log<Metering.Pipeline.Retries.RetryForever>().Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Equal(await reference.UnitsAsync("2025-03"), await app.UnitsAsync("2025-03"));
        Assert.Equal(
            Strip((await TableSnapshot.OfPrefixAsync(reference.Account.Tables, reference.Names.Prefix)).Text, reference.Names.Prefix),
            Strip((await TableSnapshot.OfPrefixAsync(app.Account.Tables, app.Names.Prefix)).Text, app.Names.Prefix));
    }

    /// <summary>
    /// The pinned 5.1.0 extension checkpoints after a cancelled invocation as after any other, so the host's cancellation
    /// (the partition's ownership moving, the instance stopping) must not end the retries: the batch is recorded once
    /// storage answers, and the invocation ends only then.
    /// </summary>
    [Fact]
    public async Task The_Hosts_Cancellation_Does_Not_End_The_Retries_Before_The_Batch_Is_Recorded()
    {
        var faults = FaultInjector.FailWhen(m => m.Request.Method != Azure.Core.RequestMethod.Get, FaultKind.ServiceUnavailable);
        faults.Enabled = false;
        await using var app = await FunctionsApp.StartAsync(azurite, faults);
        faults.Enabled = true;
        app.Clock.Reset(ReceivedAt);
        var (bodies, sequence, data) = MixedBatch();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var run = app.Function<IngestFunction>().RunAsync(bodies, sequence, new FakeFunctionContext(Lms, data), cancellation.Token);
        while (faults.Faults < 2)
        {
            Assert.False(run.IsCompleted, "the ingest ended while storage was failing");
            await Task.Delay(50);
        }

        faults.Enabled = false;
        await run;

        Assert.NotEmpty(await app.UnitsAsync("2025-03"));
        Assert.Contains(app.Log<IngestFunction>().Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metadata_Arrays_Of_Another_Length_Are_Left_Out_And_Logged_And_Every_Body_Is_Still_Ingested()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var bodies = new[]
        {
            CloudEvents.Body("a", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00Z"),
            CloudEvents.Body("b", FunctionsApp.Source, "acme", "user.login", "ben", "2025-03-02T09:00:00Z"),
        };
        var data = new Dictionary<string, object?> { ["PropertiesArray"] = "[{}]" };

        await app.Function<IngestFunction>().RunAsync(bodies, [7], new FakeFunctionContext(Lms, data), default);

        Assert.Equal(["ana", "ben"], await app.UnitsAsync("2025-03"));
        var problems = app.Log<IngestFunction>().Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message).ToArray();
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.Contains("SequenceNumberArray has 1 entries for 2 events", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PropertiesArray has 1 entries for 2 events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_Event_For_Tenant_B_Sent_Through_Tenant_As_Sender_Is_Dead_Lettered_As_Unauthorized_And_Counts_For_No_One()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        // The body is well-formed and names globex and a registered source: only the hub it came through betrays it.
        var forged = CloudEvents.Body("f1", FunctionsApp.Source, "globex", "user.login", "mallory", "2025-03-02T09:00:00Z");
        var own = CloudEvents.Body("f2", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00Z");

        await app.Function<IngestFunction>().RunAsync([forged, own], [1, 2], new FakeFunctionContext(Lms), default);

        Assert.Equal(["ana"], await app.UnitsAsync("2025-03"));
        Assert.Empty(await app.UnitsAsync("2025-03", "globex"));
        var line = Assert.Single(await DeadLetterLinesAsync(app));
        Assert.Equal("unauthorized-sender", line.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("lms", line.GetProperty("sender").GetString());
        Assert.Equal(forged, line.GetProperty("body").GetBytesFromBase64());

        // The same bytes through globex's own sender are recorded: a batch from another sender is not taken for the first.
        await app.Function<IngestFunction>().RunAsync([forged], [1], new FakeFunctionContext("ingest-reader"), default);
        Assert.Equal(["mallory"], await app.UnitsAsync("2025-03", "globex"));
    }

    [Fact]
    public async Task The_Template_Function_Records_Nothing_For_Anyone_And_Keeps_Every_Event()
    {
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var body = CloudEvents.Body("t1", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00Z");

        await app.Function<IngestFunction>().RunAsync([body], [1], new FakeFunctionContext(SenderFunctions.Template), default);

        Assert.Empty(await app.UnitsAsync("2025-03"));
        Assert.Equal("unauthorized-sender", Assert.Single(await DeadLetterLinesAsync(app)).GetProperty("reasons")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("structured")]
    [InlineData("amqp-binary")]
    [InlineData("kafka-binary")]
    public async Task A_Message_Over_The_Cap_Is_Stored_As_Its_First_MiB_With_Its_Original_Length_And_The_Good_One_Beside_It_Is_Recorded(string mode)
    {
        // Event Hubs Dedicated delivers messages of up to 20 MB; what a rejected one stores is bounded by the cap all the same.
        const int cap = Metering.Pipeline.Ingest.EventBatchReader.DefaultMaxEventBytes;
        await using var app = await FunctionsApp.StartAsync(azurite);
        app.Clock.Reset(ReceivedAt);
        var data = "{\"deployment\":\"cloud\",\"padding\":\"" + new string('x', 10_000_000) + "\"}";
        (string Name, string Value)[] attributes =
        [
            ("specversion", "1.0"), ("id", "large-1"), ("source", FunctionsApp.Source), ("type", "app.launched"),
            ("time", "2025-03-03T10:00:00Z"), ("tenantid", "acme"), ("subject", "bob"),
        ];
        var good = CloudEvents.Body("good-1", FunctionsApp.Source, "acme", "user.login", "ana", "2025-03-02T09:00:00+01:00");
        static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var (large, properties, systemProperties) = mode switch
        {
            "structured" => (CloudEvents.Body("large-1", FunctionsApp.Source, "acme", "app.launched", "bob", "2025-03-03T10:00:00Z", data), "[{},{}]", "[{},{}]"),
            "amqp-binary" => (
                Encoding.UTF8.GetBytes(data),
                "[" + JsonSerializer.Serialize(attributes.ToDictionary(a => "cloudEvents:" + a.Name, a => a.Value)) + ",{}]",
                """[{"content-type":"application/json"},{}]"""),
            "kafka-binary" => (
                Encoding.UTF8.GetBytes(data),
                "[" + JsonSerializer.Serialize(attributes.Select(a => ("ce_" + a.Name, Base64(a.Value))).Append(("content-type", Base64("application/json"))).ToDictionary()) + ",{}]",
                "[{},{}]"),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
        // What the message amounts to, as stored: a binary-mode message is the structured body its properties and data make.
        var stored = mode == "structured"
            ? large
            : BinaryContentMode.ToStructured([.. attributes.Select(a => KeyValuePair.Create(a.Name, BinaryContentMode.Text(a.Value)))], "application/json", Encoding.UTF8.GetBytes(data));
        var bindingData = new Dictionary<string, object?> { ["PropertiesArray"] = properties, ["SystemPropertiesArray"] = systemProperties, ["PartitionContext"] = """{"PartitionId":"3"}""" };

        await app.Function<IngestFunction>().RunAsync([large, good], [20, 21], new FakeFunctionContext(Lms, bindingData), default);

        Assert.Equal(["ana"], await app.UnitsAsync("2025-03"));
        var deadLetter = Assert.Single(await BatchBlobLine.ReadAllAsync(app.Account.Blobs.GetBlobContainerClient(app.Names.DeadLetter)));
        Assert.Equal("event-too-large", deadLetter.Line.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(20, deadLetter.Line.GetProperty("sequenceNumber").GetInt64());
        AssertCut(deadLetter.Line, stored, cap);
        Assert.InRange(deadLetter.BlobBytes, 4 * cap / 3, (4 * cap / 3) + 1024);
        var archived = await BatchBlobLine.ReadAllAsync(app.Account.Blobs.GetBlobContainerClient(app.Names.Archive));
        Assert.Equal([1L, 2], archived.Select(l => l.Line.GetProperty("position").GetInt64()));
        AssertCut(archived[0].Line, stored, cap);
        Assert.Equal(good, archived[1].Line.GetProperty("body").GetBytesFromBase64());
        Assert.False(archived[1].Line.TryGetProperty("originalLength", out _));
    }

    private static void AssertCut(JsonElement line, byte[] whole, int cap)
    {
        Assert.Equal(1, line.GetProperty("position").GetInt64());
        Assert.Equal(whole.Length, line.GetProperty("originalLength").GetInt64());
        Assert.Equal(whole.AsSpan(0, cap).ToArray(), line.GetProperty("body").GetBytesFromBase64());
    }

    private static string Strip(string text, string prefix) => text.Replace(prefix, "{prefix}", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<JsonElement>> DeadLetterLinesAsync(FunctionsApp app)
    {
        var container = app.Account.Blobs.GetBlobContainerClient(app.Names.DeadLetter);
        var lines = new List<JsonElement>();
        await foreach (BlobItem blob in container.GetBlobsAsync())
        {
            var text = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()));
        }

        return lines;
    }
}
