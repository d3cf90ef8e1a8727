using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using Metering.Testing.Streams;
using Metering.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Fuzzing;

/// <summary>
/// docs/events.md, bad input: it never stops a batch and is never lost. The event parser (through the ingest planner) and the
/// batch reader are fed mutated events, random bytes, huge and deeply nested JSON, invalid UTF-8 and every attribute
/// missing or of the wrong type; <see cref="IngestOracle"/> judges every batch. Seeds are fixed: a failure reproduces.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly NodaTime.Instant Now = ReliabilityWorld.AsOf;

    [Fact]
    public async Task A_Hundred_Thousand_Mutated_Events_Are_Each_Accepted_Valid_Or_Dead_Lettered_With_Known_Reasons()
    {
        var (tenants, corpus) = await CorpusAsync();
        var oracle = new IngestOracle(tenants, Now);
        var random = new Random(1);
        var mutator = new EventMutator(corpus, random);
        var cases = Soak.Count(100_000, 2_000_000);
        while (oracle.Events < cases)
        {
            var size = random.Next(1, 401);
            oracle.Check([.. Enumerable.Range(1, size).Select(i => new RawEvent(mutator.Next(), i))]);
        }

        // Every reason an event body can earn must have been earned, and a fair share must still be valid. A broken array
        // is the reader's verdict and an unauthorized sender the transport's (tests/Metering.Domain.Tests SenderTests):
        // no body earns them.
        var reasons = RejectionReason.All.Where(r => r is not (RejectionReason.MalformedBatch or RejectionReason.UnauthorizedSender)).ToArray();
        Assert.Equal(reasons.Order(StringComparer.Ordinal), oracle.ByReason.Keys.Order(StringComparer.Ordinal));
        Assert.True(oracle.Accepted > oracle.Events / 20, $"Only {oracle.Accepted} of {oracle.Events} mutated events were valid.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz, mutated events: {oracle.Events:N0} in {oracle.Batches:N0} batches; accepted {oracle.Accepted:N0}; dead-lettered {oracle.Events - oracle.Accepted:N0} by primary reason: {string.Join(", ", oracle.ByReason.Select(r => $"{r.Key} {r.Value:N0}"))}"));
    }

    [Fact]
    public async Task Every_Attribute_Missing_Or_Of_Every_Wrong_Type_Is_Dead_Lettered_Naming_That_Attribute()
    {
        var (tenants, _) = await CorpusAsync();
        var oracle = new IngestOracle(tenants, Now);
        var cases = 0;
        foreach (var type in EventCatalog.All)
        {
            var body = FuzzCorpus.Body(type.Name, 1);
            var requiresData = FuzzCorpus.TypesRequiringData.Contains(type.Name);
            foreach (var attribute in EventMutator.Attributes)
            {
                foreach (var (variant, value) in EventMutator.WrongValues().Select(v => (v.Name, (string?)v.RawJson)).Prepend(("missing", null)))
                {
                    var mutated = EventMutator.WithAttribute(body, attribute, value);
                    oracle.Check([new RawEvent(mutated, 1)]);
                    cases++;
                    var mayBeValid = attribute == "data" && (variant == "object" || (variant is "missing" or "null" && !requiresData));
                    var parsed = new CloudEventParser(tenants, Now).TryParse(new RawEvent(mutated, 1), out _, out var rejected);
                    if (mayBeValid)
                    {
                        continue;
                    }

                    Assert.False(parsed, $"{type.Name} with {attribute} {variant} was accepted.");
                    Assert.True(
                        rejected!.Errors.Any(e => e.Attribute is { } named && named.StartsWith(attribute, StringComparison.Ordinal)),
                        $"{type.Name} with {attribute} {variant}: the reasons do not name {attribute}: {string.Join("; ", rejected.Errors)}");
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz, attributes missing or mistyped: {cases:N0} cases ({EventCatalog.All.Count} types x {EventMutator.Attributes.Length} attributes x {EventMutator.WrongValues().Count() + 1} variants)"));
    }

    [Fact]
    public async Task Streams_Read_In_Reads_Of_Any_Size_Split_Into_Exactly_Their_Lines_Or_Elements_And_Plan_Without_Throwing()
    {
        var (tenants, corpus) = await CorpusAsync();
        var oracle = new IngestOracle(tenants, Now);
        var random = new Random(2);
        var mutator = new EventMutator(corpus, random);
        var streams = Soak.Count(4_000, 80_000);
        int exactNdjson = 0, exactArrays = 0, brokenArrays = 0;
        for (var n = 0; n < streams; n++)
        {
            var array = random.Next(10) < 3;
            var content = array ? ArrayStream(mutator, corpus, random) : NdjsonStream(mutator, random);
            var maxEventBytes = EventBatchReader.DefaultMaxEventBytes;
            var events = new List<RawEvent>();
            var batchSize = random.Next(1, 120);
            await foreach (var batch in EventBatchReader.ReadAsync(PacedStream.Trickling(content, random), batchSize, maxEventBytes, default))
            {
                Assert.InRange(batch.Count, 1, batchSize);
                oracle.Check(batch);
                events.AddRange(batch);
            }

            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Position < p.Second.Position), "Positions must increase.");
            Assert.True(events.Take(events.Count - 1).All(e => !e.IsBatchRemainder), "Only the last event can be a broken array's remainder.");
            var withoutBom = content.AsSpan().StartsWith("\uFEFF"u8) ? content[3..] : content;
            var first = withoutBom.AsSpan().IndexOfAnyExcept(" \t\r\n"u8);
            if (first < 0 || withoutBom[first] != '[')
            {
                AssertLines(withoutBom, events, maxEventBytes);
                exactNdjson++;
            }
            else if (TryElements(withoutBom, out var elements))
            {
                Assert.Equal(elements.Count, events.Count);
                for (var i = 0; i < elements.Count; i++)
                {
                    Assert.Equal(i + 1, events[i].Position);
                    Assert.False(events[i].IsBatchRemainder);
                    Assert.True(elements[i].AsSpan().SequenceEqual(events[i].Body.Span), $"element {i + 1} differs");
                }

                exactArrays++;
            }
            else
            {
                brokenArrays++;
            }
        }

        Assert.True(exactNdjson > 0 && exactArrays > 0 && brokenArrays > 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz, streams: {streams:N0} read in reads of random sizes ({exactNdjson:N0} NDJSON and {exactArrays:N0} well-formed arrays checked line by line and element by element, {brokenArrays:N0} broken arrays); events read: {oracle.Events:N0} in {oracle.Batches:N0} batches"));
    }

    [Fact]
    public async Task Huge_And_Deeply_Nested_Inputs_Are_Dead_Lettered_Without_Throwing()
    {
        var (tenants, _) = await CorpusAsync();
        var oracle = new IngestOracle(tenants, Now);
        var valid = FuzzCorpus.Body(EventCatalog.UserLogin, 1);
        var atLimit = Padded(valid, Domain.Events.CloudEventParser.MaxBodyBytes);
        var overLimit = Padded(valid, Domain.Events.CloudEventParser.MaxBodyBytes + 1);
        var deepArray = Enumerable.Repeat((byte)'[', 2_000_000).ToArray();
        var deepLine = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 40_000)) + "1" + new string('}', 40_000));
        var hugeLine = Enumerable.Repeat((byte)'x', 5_000_000).ToArray();
        (string Name, byte[] Stream, string?[] Expected)[] cases =
        [
            ("an event of exactly 256 KiB", atLimit, [null]),
            ("an event one byte over 256 KiB", overLimit, [RejectionReason.EventTooLarge]),
            ("a 5 MB line, then a valid one", [.. hugeLine, (byte)'\n', .. valid], [RejectionReason.EventTooLarge, null]),
            ("a 3 MB array element, then a valid one", [.. "[\""u8, .. hugeLine[..3_000_000], .. "\","u8, .. valid, (byte)']'], [RejectionReason.EventTooLarge, null]),
            ("an array nested two million deep", deepArray, [RejectionReason.MalformedBatch]),
            ("an object nested 40,000 deep (under 256 KiB)", deepLine, [RejectionReason.MalformedJson]),
            ("a line of invalid UTF-8", [0xC0, 0x80, 0xFF, 0xFE, (byte)'\n', .. valid], [RejectionReason.MalformedJson, null]),
        ];
        foreach (var (name, stream, expected) in cases)
        {
            var reasons = new List<string?>();
            await foreach (var batch in EventBatchReader.ReadAsync(new MemoryStream(stream), 1000, default))
            {
                oracle.Check(batch);
                var plan = Domain.Ingest.IngestPlanner.Plan(batch, tenants, Now);
                reasons.AddRange(batch.Select(e => plan.Rejected.FirstOrDefault(r => ReferenceEquals(r.Event, e))?.Reason));
            }

            Assert.True(expected.SequenceEqual(reasons), $"{name}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", reasons)}]");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz, huge and deep inputs: {cases.Length} streams, {oracle.Events} events"));
    }

    private static async Task<(TenantDirectory Tenants, IReadOnlyList<byte[]> Corpus)> CorpusAsync()
    {
        var world = await ReliabilityWorld.StandardAsync();
        var lines = world.OnTime.SelectMany(b => b).Take(3000).Select(e => e.Body.ToArray());
        return (new TenantDirectory(world.Samples.Tenants), [.. FuzzCorpus.EveryType, .. lines]);
    }

    private static byte[] Padded(byte[] valid, int size)
    {
        var text = Encoding.UTF8.GetString(valid);
        const string prefix = "{\"x-pad\":\"";
        return Encoding.UTF8.GetBytes(prefix + new string('p', size - valid.Length - prefix.Length - 1) + "\"," + text[1..]);
    }

    private static byte[] NdjsonStream(EventMutator mutator, Random random)
    {
        var bytes = new List<byte>();
        if (random.Next(10) == 0)
        {
            bytes.AddRange("\uFEFF"u8.ToArray());
        }

        var lines = random.Next(1, 60);
        for (var i = 0; i < lines; i++)
        {
            var pick = random.Next(100);
            bytes.AddRange(pick switch
            {
                < 8 => [],
                < 12 => " \t\r"u8.ToArray(),
                < 13 => Enumerable.Repeat((byte)'y', EventBatchReader.DefaultMaxEventBytes - 1 + random.Next(3)).ToArray(),
                _ => mutator.Next(),
            });
            if (i < lines - 1 || random.Next(2) == 0)
            {
                bytes.AddRange(random.Next(3) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }
        }

        return [.. bytes];
    }

    private static byte[] ArrayStream(EventMutator mutator, IReadOnlyList<byte[]> corpus, Random random)
    {
        string Space() => random.Next(3) switch { 0 => string.Empty, 1 => " ", _ => "\r\n\t " };
        var elements = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(10) switch
        {
            < 5 => corpus[random.Next(corpus.Count)],
            < 8 => mutator.Next(),
            8 => Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "[[1,[2]],{\"a\":\"]\\\",[\"}]" : "\"a,b]\""),
            _ => "null"u8.ToArray(),
        }).ToList();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Space() + "[" + Space()));
        for (var i = 0; i < elements.Count; i++)
        {
            bytes.AddRange(elements[i]);
            if (i < elements.Count - 1)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(Space() + "," + Space()));
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(Space() + "]" + Space()));
        switch (random.Next(10))
        {
            case 0:
                bytes.RemoveRange(random.Next(bytes.Count), 1);
                break;
            case 1:
                bytes.AddRange(corpus[random.Next(corpus.Count)]);
                break;
            case 2:
                var cut = random.Next(bytes.Count / 2, bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
        }

        return [.. bytes];
    }

    private static void AssertLines(byte[] content, List<RawEvent> events, int maxEventBytes)
    {
        var expected = new List<(long Position, byte[] Body, long? OriginalLength)>();
        var lineNumber = 0L;
        var rest = content.AsSpan();
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }

            if (line[^1] == '\r')
            {
                line = line[..^1];
            }

            expected.Add(line.Length <= maxEventBytes ? (lineNumber, line.ToArray(), null) : (lineNumber, line[..maxEventBytes].ToArray(), line.Length));
        }

        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Position, events[i].Position);
            Assert.Equal(expected[i].OriginalLength, events[i].OriginalLength);
            Assert.True(expected[i].Body.AsSpan().SequenceEqual(events[i].Body.Span), $"line {expected[i].Position} differs");
        }
    }

    // A well-formed array (as System.Text.Json reads it, nesting up to the reader's 256): its elements' exact bytes.
    private static bool TryElements(byte[] content, out List<byte[]> elements)
    {
        elements = [];
        try
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var element in document.RootElement.EnumerateArray())
            {
                elements.Add(JsonMarshal.GetRawUtf8Value(element).ToArray());
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
