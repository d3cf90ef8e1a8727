using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Testing.Events;
using Metering.Pipeline.Ingest;
using Metering.Testing.Streams;

namespace Metering.Pipeline.Tests.Ingest;

public sealed class EventBatchReaderTests
{
    private const int Cap = CloudEventParser.MaxBodyBytes + 1;

    [Fact]
    public async Task Ndjson_Lines_End_With_Lf_Or_CrLf_And_The_Terminator_Is_Not_Part_Of_The_Body()
    {
        var events = await ReadAllAsync("{\"a\":1}\r\n{\"b\":2}\n{\"c\":\"x\\r\"}\r\n");

        Assert.Equal([(1L, "{\"a\":1}"), (2, "{\"b\":2}"), (3, "{\"c\":\"x\\r\"}")], events.Select(Line));
    }

    [Fact]
    public async Task Blank_Lines_Are_Not_Events_But_Count_As_Lines()
    {
        var events = await ReadAllAsync("\n\n{\"a\":1}\n\n   \t\r\n{\"b\":2}\n\r\n");

        Assert.Equal([(3L, "{\"a\":1}"), (6, "{\"b\":2}")], events.Select(Line));
    }

    [Fact]
    public async Task The_Last_Line_Needs_No_Newline()
    {
        var events = await ReadAllAsync("{\"a\":1}\n{\"b\":2}");

        Assert.Equal([(1L, "{\"a\":1}"), (2, "{\"b\":2}")], events.Select(Line));
    }

    [Fact]
    public async Task A_Line_Is_Kept_Byte_For_Byte_Including_Spaces_And_Non_Ascii()
    {
        var line = "  {\"subject\":\"用户 a/b#c?d\\\\e%f\"}\t";

        var events = await ReadAllAsync(line + "\n");

        Assert.Equal(Encoding.UTF8.GetBytes(line), Assert.Single(events).Body.ToArray());
    }

    [Fact]
    public async Task A_Huge_Line_Is_Kept_Up_To_The_Cap_And_Rejected_As_Too_Large()
    {
        var huge = "{\"pad\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";
        var input = EventJson.Valid(id: "before").Json + "\r\n" + huge + "\r\n" + EventJson.Valid(id: "after").Json;

        var events = await ReadAllAsync(input, maxEventBytes: EventBatchReader.DefaultMaxEventBytes);

        Assert.Equal([1L, 2, 3], events.Select(e => e.Position));
        Assert.Equal(EventBatchReader.DefaultMaxEventBytes, events[1].Body.Length);
        Assert.Equal(huge.Length, events[1].OriginalLength);
        Assert.Equal(Encoding.UTF8.GetBytes(huge)[..EventBatchReader.DefaultMaxEventBytes], events[1].Body.ToArray());
        var plan = IngestPlanner.Plan(events, SampleTenants.Directory, SampleTenants.Now);
        Assert.Equal(2, plan.Accepted);
        Assert.Equal([(2L, RejectionReason.EventTooLarge)], plan.Rejected.Select(r => (r.Event.Position, r.Reason)));
    }

    [Fact]
    public async Task A_Line_Of_Exactly_The_Cap_Is_Whole()
    {
        var line = new string('x', Cap);

        var events = await ReadAllAsync(line + "\r\n");

        Assert.Null(Assert.Single(events).OriginalLength);
        Assert.Equal(Cap, events[0].Body.Length);
    }

    [Fact]
    public async Task Array_Elements_Are_Split_With_Nested_Objects_And_Tricky_Strings()
    {
        const string first = """{"a":{"b":[1,2,{"c":"]"}]},"s":"x,y"}""";
        const string second = """{"q":"say \"hi\", ]","e":"back\\"}""";
        const string third = """{"k":"}{]["}""";

        var events = await ReadAllAsync($"\r\n  [ {first} ,\n{second},{third}\n]\n");

        Assert.Equal([(1L, first), (2, second), (3, third)], events.Select(Line));
        Assert.All(events, e => Assert.False(e.IsBatchRemainder));
    }

    [Fact]
    public async Task Array_Scalars_Are_Events_Too_And_Are_Rejected_As_Not_Objects()
    {
        var events = await ReadAllAsync("""[1, "two", true ,null]""");

        Assert.Equal([(1L, "1"), (2, "\"two\""), (3, "true"), (4, "null")], events.Select(Line));
        var plan = IngestPlanner.Plan(events, SampleTenants.Directory, SampleTenants.Now);
        Assert.All(plan.Rejected, r => Assert.Equal(RejectionReason.NotAnObject, r.Reason));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(" [ ] \n")]
    [InlineData("")]
    [InlineData("\n \r\n\t")]
    public async Task Empty_Inputs_Hold_No_Events(string input)
    {
        Assert.Empty(await ReadAllAsync(input));
    }

    /// <summary>Broken arrays: the events before the break, then one remainder from the break to the end.</summary>
    [Theory]
    [InlineData("""[{"a":1},{"b":2} {"c":3}]""", new[] { "{\"a\":1}", "{\"b\":2}" }, "{\"c\":3}]")]
    [InlineData("""[{"a":1},]""", new[] { "{\"a\":1}" }, "]")]
    [InlineData("""[{"a":1},,{"b":2}]""", new[] { "{\"a\":1}" }, ",{\"b\":2}]")]
    [InlineData("""[{"a":1},{"b":2""", new[] { "{\"a\":1}" }, "{\"b\":2")]
    [InlineData("""[{"a":1},{"b":"never closed}]""", new[] { "{\"a\":1}" }, "{\"b\":\"never closed}]")]
    [InlineData("""[{"a":1}""", new[] { "{\"a\":1}" }, "")]
    [InlineData("""[{"a":1},""", new[] { "{\"a\":1}" }, "")]
    [InlineData("""[{"a":[1}],{"b":2}]""", new string[0], "{\"a\":[1}],{\"b\":2}]")]
    [InlineData("""[{"a":1}] trailing""", new[] { "{\"a\":1}" }, "trailing")]
    [InlineData("""[{"a":1}][{"b":2}]""", new[] { "{\"a\":1}" }, "[{\"b\":2}]")]
    [InlineData("""[,{"a":1}]""", new string[0], ",{\"a\":1}]")]
    [InlineData("""[1""", new string[0], "1")]
    public async Task A_Malformed_Array_Ends_With_One_Remainder_That_Is_Rejected(string input, string[] elements, string remainder)
    {
        var events = await ReadAllAsync(input);

        Assert.Equal(elements, events.SkipLast(1).Select(e => Encoding.UTF8.GetString(e.Body.Span)));
        var last = events[^1];
        Assert.True(last.IsBatchRemainder);
        Assert.Equal((elements.Length + 1L, remainder), Line(last));
        var plan = IngestPlanner.Plan(events, SampleTenants.Directory, SampleTenants.Now);
        Assert.Equal(RejectionReason.MalformedBatch, plan.Rejected[^1].Reason);
    }

    [Fact]
    public async Task A_Remainder_That_Looks_Like_A_Valid_Event_Is_Still_Rejected()
    {
        var valid = EventJson.Valid().Json;

        var events = await ReadAllAsync($"[{valid} {valid}");

        var plan = IngestPlanner.Plan(events, SampleTenants.Directory, SampleTenants.Now);
        Assert.Equal((2, 1), (plan.Received, plan.Accepted));
        Assert.Equal(RejectionReason.MalformedBatch, Assert.Single(plan.Rejected).Reason);
    }

    [Fact]
    public async Task A_Huge_Array_Element_Is_Cut_At_The_Cap_And_The_Array_Goes_On()
    {
        var huge = "{\"pad\":\"" + new string('x', 2 * Cap) + "\"}";

        var events = await ReadAllAsync($"[{huge},{{\"b\":2}}]");

        Assert.Equal((Cap, (long?)huge.Length), (events[0].Body.Length, events[0].OriginalLength));
        Assert.Equal((2L, "{\"b\":2}"), Line(events[1]));
    }

    [Fact]
    public async Task A_Byte_Order_Mark_At_The_Start_Is_Skipped()
    {
        var ndjson = await ReadAllAsync([0xEF, 0xBB, 0xBF, .. "{\"a\":1}\n"u8]);
        var array = await ReadAllAsync([0xEF, 0xBB, 0xBF, .. "[{\"a\":1}]"u8]);

        Assert.Equal((1L, "{\"a\":1}"), Line(Assert.Single(ndjson)));
        Assert.Equal((1L, "{\"a\":1}"), Line(Assert.Single(array)));
    }

    [Theory]
    [InlineData(1, new[] { 1, 1, 1, 1, 1, 1, 1 })]
    [InlineData(3, new[] { 3, 3, 1 })]
    [InlineData(7, new[] { 7 })]
    [InlineData(100, new[] { 7 })]
    public async Task Batches_Hold_At_Most_N_Events_In_Input_Order(int n, int[] sizes)
    {
        var input = string.Join("\n", Enumerable.Range(1, 7).Select(i => $"{{\"n\":{i}}}"));

        var batches = await ReadBatchesAsync(Encoding.UTF8.GetBytes(input), n, Cap, chunk: int.MaxValue);

        Assert.Equal(sizes, batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), batches.SelectMany(b => b).Select(e => e.Position));
    }

    [Fact]
    public async Task Splitting_Does_Not_Depend_On_How_The_Stream_Is_Chunked()
    {
        var ndjson = string.Join("\r\n", ["", "{\"a\":\"x\\\"]\"}", "  ", "[1,2]", "{\"b\":{\"c\":[]}}", ""]);
        var array = """  [{"a":"x\"],"},{"b":{"c":[]}} , "s\\" , 12 , {"d":[{"e":"}"}]}] """;
        var broken = """[{"a":1},{"b":[}]""";

        Gen.Select(Gen.Int[1, 17], Gen.Int[0, 2]).Sample((chunk, which) =>
        {
            var input = Encoding.UTF8.GetBytes(which switch { 0 => ndjson, 1 => array, _ => broken });
            var whole = ReadBatchesAsync(input, 1000, Cap, int.MaxValue).GetAwaiter().GetResult().SelectMany(b => b).Select(Describe);
            var pieces = ReadBatchesAsync(input, 1000, Cap, chunk).GetAwaiter().GetResult().SelectMany(b => b).Select(Describe);
            Assert.Equal(whole, pieces);
        }, iter: 200);
    }

    [Fact]
    public void Every_Line_Is_Accepted_Or_Rejected_Exactly_Once()
    {
        var line = Gen.Frequency(
            (5, SampleEvents.Valid.Select(v => (Kind: "valid", Text: v))),
            (2, Gen.Select(SampleEvents.Valid, Gen.Int[0, 100_000], Gen.Byte).Select((v, at, b) => (Kind: "mutated", Text: Mutate(v, at, b)))),
            (2, Gen.Byte.Array[0, 60].Select(b => (Kind: "garbage", Text: "#" + Encoding.Latin1.GetString(b).Replace('\n', ' ')))),
            (1, Gen.Const((Kind: "blank", Text: " \t"))));

        Gen.Select(line.Array[0, 60], Gen.Int[1, 9], Gen.Bool).Sample((lines, n, crlf) =>
        {
            var input = Encoding.UTF8.GetBytes(string.Join(crlf ? "\r\n" : "\n", lines.Select(l => l.Text)));
            var batches = ReadBatchesAsync(input, n, Cap, 4096).GetAwaiter().GetResult();
            var plans = batches.Select(b => IngestPlanner.Plan(b, SampleTenants.Directory, SampleTenants.Now)).ToArray();

            var rejected = plans.SelectMany(p => p.Rejected).Select(r => r.Event.Position).ToArray();
            var events = lines.Count(l => l.Kind != "blank");
            Assert.Equal(events, plans.Sum(p => p.Accepted) + rejected.Length);
            Assert.Equal(rejected.Length, rejected.Distinct().Count());
            Assert.All(rejected, p => Assert.NotEqual("blank", lines[p - 1].Kind));
            // Ids repeat in the samples: a valid line is rejected only as a reused id (another content under its source and id).
            var reasons = plans.SelectMany(p => p.Rejected).ToDictionary(r => r.Event.Position, r => r.Reason);
            Assert.All(
                lines.Select((l, i) => (l.Kind, Position: i + 1L)).Where(l => l.Kind == "valid" && reasons.ContainsKey(l.Position)),
                l => Assert.Equal(RejectionReason.ConflictingDuplicate, reasons[l.Position]));
            Assert.All(lines.Select((l, i) => (l.Kind, Position: i + 1L)).Where(l => l.Kind == "garbage"), l => Assert.Contains(l.Position, rejected));
        }, iter: 300);
    }

    private static string Mutate(string valid, int at, byte value)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        bytes[at % bytes.Length] = value is (byte)'\n' or (byte)'\r' ? (byte)'x' : value;
        return Encoding.Latin1.GetString(bytes);
    }

    private static (long Position, string Body) Line(RawEvent e) => (e.Position, Encoding.UTF8.GetString(e.Body.Span));

    private static string Describe(RawEvent e) =>
        $"{e.Position}|{e.IsBatchRemainder}|{e.OriginalLength}|{Convert.ToHexString(e.Body.Span)}";

    private static Task<List<RawEvent>> ReadAllAsync(string input, int maxEventBytes = Cap) =>
        ReadAllAsync(Encoding.UTF8.GetBytes(input), maxEventBytes);

    private static async Task<List<RawEvent>> ReadAllAsync(byte[] input, int maxEventBytes = Cap) =>
        [.. (await ReadBatchesAsync(input, 5, maxEventBytes, chunk: 7)).SelectMany(b => b)];

    private static async Task<List<IReadOnlyList<RawEvent>>> ReadBatchesAsync(byte[] input, int n, int maxEventBytes, int chunk)
    {
        var batches = new List<IReadOnlyList<RawEvent>>();
        await using var stream = PacedStream.Chunked(input, chunk);
        await foreach (var batch in EventBatchReader.ReadAsync(stream, n, maxEventBytes, CancellationToken.None))
        {
            Assert.InRange(batch.Count, 1, n);
            batches.Add(batch);
        }

        return batches;
    }
}
