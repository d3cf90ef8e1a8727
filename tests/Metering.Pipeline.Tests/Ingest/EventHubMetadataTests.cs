using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Pipeline.Ingest;

namespace Metering.Pipeline.Tests.Ingest;

public sealed class EventHubMetadataTests
{
    [Theory]
    [InlineData("{\"ConsumerGroup\":\"metering\",\"EventHubName\":\"telemetry\",\"PartitionId\":\"3\"}", "3")]
    [InlineData("{\"PartitionId\":\"0\"}", "0")]
    [InlineData("{\"PartitionId\":3}", null)]
    [InlineData("{}", null)]
    [InlineData("[]", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Partition_Id_Is_Read_From_The_Partition_Context_Or_Left_Unknown(string? json, string? expected) =>
        Assert.Equal(expected, EventHubMetadata.PartitionIdOf(json));

    [Fact]
    public void A_Message_Keeps_Its_Bytes_Sequence_Number_And_A_One_Based_Position()
    {
        var body = new byte[] { 0x7B, 0x7D };

        var raw = EventHubMetadata.ToRawEvent(body, 4, "7", 123_456);

        Assert.Equal(body, raw.Body.ToArray());
        Assert.Equal(5, raw.Position);
        Assert.Equal("7", raw.Partition);
        Assert.Equal(123_456, raw.SequenceNumber);
    }

    private static readonly byte[] Data = """{"deployment":"cloud"}"""u8.ToArray();

    private static string Properties(params string[] objects) => "[" + string.Join(",", objects) + "]";

    private static JsonElement Structured(EventHubBatch batch, int index) =>
        JsonDocument.Parse(batch.Events[index].Body).RootElement.Clone();

    [Fact]
    public void Amqp_Application_Properties_With_Either_Prefix_Make_A_Binary_Mode_Event_Whose_Body_Is_Its_Data()
    {
        var batch = EventHubMetadata.ToRawEvents(
            [Data, Data],
            [5, 6],
            Properties(
                """{"cloudEvents:specversion":"1.0","cloudEvents:id":"e1","cloudEvents:subject":"ana","other":"x"}""",
                """{"cloudEvents_specversion":"1.0","cloudEvents_id":"e2","cloudEvents_time":"2025-03-01T00:00:00Z"}"""),
            Properties("""{"content-type":"application/json; charset=utf-8"}""", "{}"),
            """{"PartitionId":"2"}""");

        Assert.Equal(2, batch.BinaryModeEvents);
        Assert.Empty(batch.Problems);
        Assert.Equal(
            """{"specversion":"1.0","id":"e1","subject":"ana","datacontenttype":"application/json; charset=utf-8","data":{"deployment":"cloud"}}""",
            Encoding.UTF8.GetString(batch.Events[0].Body.Span));
        Assert.Equal("e2", Structured(batch, 1).GetProperty("id").GetString());
        Assert.Equal(("2", 6L, 2L), (batch.Events[1].Partition, batch.Events[1].SequenceNumber, batch.Events[1].Position));
    }

    [Fact]
    public void Kafka_Headers_Arrive_As_Base64_Bytes_And_Are_Read_As_Utf8_Text()
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var batch = EventHubMetadata.ToRawEvents(
            [Data],
            [1],
            Properties($$"""{"ce_specversion":"{{B64("1.0")}}","ce_subject":"{{B64("ユーザー/100%")}}","content-type":"{{B64("application/json")}}"}"""),
            null,
            null);

        var json = Structured(batch, 0);
        Assert.Equal("ユーザー/100%", json.GetProperty("subject").GetString());
        Assert.Equal("application/json", json.GetProperty("datacontenttype").GetString());
        Assert.Equal("cloud", json.GetProperty("data").GetProperty("deployment").GetString());
    }

    [Fact]
    public void An_Attribute_Under_Both_Amqp_Prefixes_Is_Written_Twice_For_The_Parser_To_Refuse()
    {
        var batch = EventHubMetadata.ToRawEvents([Data], null, Properties("""{"cloudEvents:id":"a","cloudEvents_id":"b"}"""), null, null);

        Assert.Equal("""{"id":"a","id":"b","data":{"deployment":"cloud"}}""", Encoding.UTF8.GetString(batch.Events[0].Body.Span));
    }

    [Theory]
    [InlineData("application/cloudevents+json", "a structured-mode content type")]
    [InlineData(null, "no attribute property at all")]
    public void A_Structured_Body_Is_Taken_As_It_Is(string? contentType, string why)
    {
        var body = """{"specversion":"1.0","id":"s"}"""u8.ToArray();
        var properties = contentType is null ? """{"trace":"x"}""" : """{"cloudEvents:id":"ignored"}""";
        var system = contentType is null ? "{}" : $$"""{"content-type":"{{contentType}}"}""";

        var batch = EventHubMetadata.ToRawEvents([body], null, Properties(properties), Properties(system), null);

        Assert.True(body.AsSpan().SequenceEqual(batch.Events[0].Body.Span), why);
        Assert.Equal(0, batch.BinaryModeEvents);
    }

    [Fact]
    public void A_Body_That_Is_Not_Json_Becomes_Data_Base64_So_Its_Bytes_Are_Kept()
    {
        var batch = EventHubMetadata.ToRawEvents(
            ["plain text"u8.ToArray()], null, Properties("""{"cloudEvents:id":"t"}"""), Properties("""{"content-type":"text/plain"}"""), null);

        var json = Structured(batch, 0);
        Assert.Equal("plain text"u8.ToArray(), json.GetProperty("data_base64").GetBytesFromBase64());
        Assert.False(json.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData(new long[] { 1 }, "[{},{}]", "SequenceNumberArray has 1 entries for 2 events")]
    [InlineData(new long[] { 1, 2 }, "[{}]", "PropertiesArray has 1 entries for 2 events")]
    [InlineData(new long[] { 1, 2 }, "{}", "PropertiesArray is not a JSON array")]
    [InlineData(new long[] { 1, 2 }, "[{", "PropertiesArray is not well-formed JSON")]
    public void Metadata_That_Cannot_Be_Matched_To_The_Bodies_Is_Left_Out_And_Every_Body_Kept(long[] sequence, string properties, string problem)
    {
        var batch = EventHubMetadata.ToRawEvents([Data, Data], sequence, properties, null, null);

        Assert.Equal(2, batch.Events.Count);
        Assert.All(batch.Events, e => Assert.True(Data.AsSpan().SequenceEqual(e.Body.Span)));
        Assert.Contains(batch.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.Single(batch.Problems);
    }

    [Theory]
    // body length, binary mode; the kept length and the original length follow from the cap
    [InlineData(EventBatchReader.DefaultMaxEventBytes, false)]
    [InlineData(EventBatchReader.DefaultMaxEventBytes + 1, false)]
    [InlineData(3_000_000, false)]
    [InlineData(3_000_000, true)]
    public void A_Message_Is_Kept_Up_To_The_Cap_With_The_Length_Of_What_It_Amounts_To(int length, bool binary)
    {
        var body = new byte[length];
        body.AsSpan().Fill((byte)'x');
        var batch = EventHubMetadata.ToRawEvents(
            [body, Data], [1, 2], binary ? Properties("""{"cloudEvents:id":"big"}""", "{}") : null, binary ? Properties("""{"content-type":"text/plain"}""", "{}") : null, null);

        // A binary-mode message is kept as its structured body: the data in base64 behind the attributes.
        var whole = binary
            ? BinaryContentMode.ToStructured([KeyValuePair.Create("id", BinaryContentMode.Text("big"))], "text/plain", body)
            : body;
        var kept = Math.Min(whole.Length, EventBatchReader.DefaultMaxEventBytes);
        Assert.Equal(whole.AsSpan(0, kept).ToArray(), batch.Events[0].Body.ToArray());
        Assert.Equal(whole.Length > kept ? whole.Length : (long?)null, batch.Events[0].OriginalLength);
        Assert.Equal(Data, batch.Events[1].Body.ToArray());
        Assert.Null(batch.Events[1].OriginalLength);
        var single = EventHubMetadata.ToRawEvent(body, 0, null, 1);
        Assert.Equal(
            (Math.Min(length, EventBatchReader.DefaultMaxEventBytes), length > EventBatchReader.DefaultMaxEventBytes ? length : (long?)null),
            (single.Body.Length, single.OriginalLength));
    }
}
