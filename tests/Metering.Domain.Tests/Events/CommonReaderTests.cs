using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Testing.Events;
using static Metering.Testing.Events.EventJson;

namespace Metering.Domain.Tests.Events;

/// <summary>
/// The parser reads common events in one pass of its own and everything else with a full JSON reader
/// (CloudEventParser.Common.cs). The common reader may only ever accept, and only what the full reader accepts, read to
/// the same event: these tests read every body both ways and compare the verdicts, the events and the errors.
/// </summary>
public sealed class CommonReaderTests
{
    /// <summary>Valid events of every shape the stream carries, each read by the common reader.</summary>
    public static TheoryData<string, string> CommonEvents => new()
    {
        { "a login", Valid().Json },
        { "an activity with data", Of("user.login", """{"deployment":"on-premises","page":"/courses/1"}""").Json },
        { "a meeting with a null space", Of("meeting.hosted", """{"origin":"app","scheduled":true,"space":null}""").Json },
        { "content opened", Of("content.opened", """{"contentId":"isbn-9780000001","action":"download"}""").Json },
        { "a session", Of("session.heartbeat", """{"sessionId":"s-1"}""").Json },
        { "a user created with lists", Of("user.created", """{"roles":["learner"],"aliases":["a@x.example"],"accessId":"AC-1"}""").Json },
        { "a licence with an expiry", Of("license.granted", """{"licenseId":"l","contentId":"c","expiresAt":"2026-01-31T23:00:00Z"}""").Json },
        { "a headcount", Of("org.headcount", """{"employees":12}""").Json },
        { "extensions of every scalar kind", Valid().With("traceparent", "\"00-ab-cd-01\"").With("sampled", "true").With("shard", "null").With("cold", "false").Json },
        { "data before type", """{"data":{"deployment":"on-premises"},"subject":"u","tenantid":"acme","time":"2025-11-30T10:00:00Z","type":"user.login","source":"/apps/lms","id":"e","specversion":"1.0"}""" },
        { "a subject with escapes", Valid().With("subject", "\"DOMAIN\\\\user0 \\u00e9\\ud83d\\ude00\"").Json },
        { "an id with escapes", Valid().With("id", "\"evt\\/1\"").Json },
        { "whitespace everywhere", " \r\n\t{ \"specversion\" : \"1.0\" ,\n\"id\":\"e\", \"source\":\"/apps/lms\",\"type\":\"user.login\",\"time\":\"2025-11-30T10:00:00Z\",\"tenantid\":\"acme\",\"subject\":\"u\" , \"data\" : { \"deployment\" : \"cloud\" } }\n" },
        { "null data", Valid().WithData("null").Json },
        { "a hostile subject", Valid().WithString("subject", "a/b#c?d\\e%f 用户 😀").Json },
    };

    [Theory]
    [MemberData(nameof(CommonEvents))]
    public void Common_Events_Are_Read_By_The_Common_Reader_To_The_Full_Readers_Event(string what, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var common = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);

        var verdict = Outcome(common, body);

        Assert.True(common.CommonReads == 1, $"{what}: the full reader read it ({verdict})");
        Assert.Equal(Outcome(Full(), body), verdict);
    }

    [Theory]
    [MemberData(nameof(CloudEventParserTests.BrokenRules), MemberType = typeof(CloudEventParserTests))]
    public void A_Broken_Rule_Is_Never_Accepted_By_The_Common_Reader(string rule, string json, string code, string? attribute)
    {
        _ = (code, attribute);
        var body = Encoding.UTF8.GetBytes(json);
        var common = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);

        var verdict = Outcome(common, body);

        Assert.True(common.CommonReads == 0, $"{rule}: the common reader accepted it");
        Assert.Equal(Outcome(Full(), body), verdict);
    }

    [Theory]
    [MemberData(nameof(CloudEventParserTests.AcceptedEdges), MemberType = typeof(CloudEventParserTests))]
    public void Edges_Of_The_Rules_Read_Alike_Both_Ways(string rule, string json)
    {
        _ = rule;
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Equal(Outcome(Full(), body), Outcome(new CloudEventParser(SampleTenants.Directory, SampleTenants.Now), body));
    }

    [Fact]
    public void Events_Built_From_Random_Members_Whitespace_And_Escapes_Read_Alike_Both_Ways()
    {
        Gen.Select(Members, Gen.Int[0, int.MaxValue], Gen.Int[0, 3]).Sample((members, seed, spacing) =>
        {
            var body = Encoding.UTF8.GetBytes(Compose(members, seed, spacing));
            var common = Outcome(new CloudEventParser(SampleTenants.Directory, SampleTenants.Now), body);
            var full = Outcome(Full(), body);
            return common == full;
        }, iter: 20_000);
    }

    [Fact]
    public void Mutated_Common_Events_Read_Alike_Both_Ways()
    {
        var bodies = CommonEvents.Select(row => Encoding.UTF8.GetBytes((string)row[1])).ToArray();

        Gen.Select(Gen.Int[0, bodies.Length - 1], Gen.Int[0, 10_000], Gen.Byte, Gen.Int[0, 2]).Sample((which, place, value, edit) =>
        {
            var valid = bodies[which];
            var at = place % valid.Length;
            byte[] body = edit switch
            {
                0 => [.. valid[..at], value, .. valid[(at + 1)..]],
                1 => [.. valid[..at], value, .. valid[at..]],
                _ => valid[..at],
            };
            // The parser read the unmutated body first: its caches (sources, types, tenants, the date, subjects) hold that
            // body's values, and a mutation inside or next to one of them must still read as the full reader does.
            var common = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);
            Outcome(common, valid);
            return Outcome(common, body) == Outcome(Full(), body);
        }, iter: 20_000);
    }

    [Fact]
    public void One_Parser_Reading_A_Mixed_Stream_From_Several_Senders_Reads_And_Remembers_Alike_Both_Ways()
    {
        // Long-lived parsers carry warm caches (sources, types, tenants, the allowed-source check) and the subject table
        // from event to event, and an event delivered by a sender is checked against its tenant's senders.
        var tenants = new Metering.Domain.Tenants.TenantDirectory([
            SampleTenants.Tenant("acme", "Etc/UTC", "/apps/lms") with { Senders = System.Collections.Immutable.ImmutableSortedSet.Create(StringComparer.Ordinal, "hub-a") },
            SampleTenants.Tenant("paris", "Europe/Paris", "/apps/lms"),
        ]);
        string?[] senders = [null, "hub-a", "hub-b"];
        var stream = Gen.Select(Members, Gen.Int[0, int.MaxValue], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 2]).List[1, 200];

        stream.Sample(events =>
        {
            var common = new CloudEventParser(tenants, SampleTenants.Now);
            var full = new CloudEventParser(tenants, SampleTenants.Now) { CommonReader = false };
            foreach (var (members, seed, spacing, sender, tenant) in events)
            {
                var json = Compose(members, seed, spacing);
                json = tenant == 1 ? json.Replace("\"acme\"", "\"paris\"", StringComparison.Ordinal) : json;
                var raw = new RawEvent(Encoding.UTF8.GetBytes(json), 1) { Sender = senders[sender] };
                if (Outcome(common, raw) != Outcome(full, raw))
                {
                    return false;
                }
            }

            return common.Subjects.Count == full.Subjects.Count
                && Enumerable.Range(0, full.Subjects.Count).All(id => common.Subjects.Text(id) == full.Subjects.Text(id));
        }, iter: 200);
    }

    /// <summary>A valid event's members and candidates for more, as (name, raw JSON value) pairs.</summary>
    private static readonly Gen<List<(string Name, string Value)>> Members =
        Gen.Select(
            Pick("user.login", "meeting.hosted", "session.started", "user.updated", "content.opened", "license.granted", "course.visibility", "nope.type"),
            Pick("\"u-1\"", "\"DOMAIN\\\\u\"", "\"\\u00e9l\\u00e8ve\"", "\"\"", "\"a\\ud800\"", "null", "7"),
            Pick("""{"deployment":"cloud"}""", """{"origin":"app","scheduled":false,"space":"group"}""",
                """{"sessionId":"s"}""", """{"roles":["a","b"],"active":true}""", """{"x":{"y":[1,{"z":"\""}]}}""",
                "null", "[]", "\"text\"", """{"deployment":"cloud",}""", """{"deployment":"cloud"}}""",
                """{"deployment":"moon"}""", """{"deployment":null,"page":"/p"}""", """{"deployment":"cloud","deployment":"cloud"}""",
                """{"origin":"app","scheduled":"yes","space":null}""", """{"origin":"","scheduled":true}""", """{"origin":"\u0007","scheduled":true,"space":"group"}""",
                """{ "contentId" : "c-1" , "action" : "launch" }""", """{"contentId":"c-1","action":"LAUNCH"}""", """{"contentId":null,"action":"launch"}""",
                $$"""{"sessionId":"{{new string('s', 257)}}"}""", $$"""{"sessionId":"{{new string('s', 256)}}"}""", """{"sessionId":"s\u00e9"}""",
                """{"licenseId":"l","contentId":"c","expiresAt":"2026-02-30T00:00:00Z"}""", """{"licenseId":"l","contentId":"c","expiresAt":"2026-01-31T00:00:00Z"}""",
                """{"visible":true}""", """{"visible":1}""", """{"active":false,"accountType":"alias"}""", """{"accountType":"robot"}""", """{}""", """{ }""",
                """{"extra":true,"other":false,"none":null,"text":"t"}""", """{"extra":tru}""", """{"extra":nullx}"""),
            Pick("", "trace", "data_base64", "id", "DATA"),
            Pick("\"x\"", "true", "null", "12", "{\"n\":1}", "tru", "\"\\q\""),
            Gen.Bool,
            Gen.Bool)
        .Select((type, subject, data, extra, extraValue, withData, dropOne) =>
        {
            var members = new List<(string, string)>
            {
                ("specversion", "\"1.0\""),
                ("id", "\"e-1\""),
                ("source", "\"/apps/lms\""),
                ("type", $"\"{type}\""),
                ("time", "\"2025-11-30T10:00:00.5+01:00\""),
                ("tenantid", "\"acme\""),
                ("subject", subject),
            };
            if (withData)
            {
                members.Add(("data", data));
            }

            if (extra.Length > 0)
            {
                members.Add((extra, extraValue));
            }

            if (dropOne)
            {
                members.RemoveAt(members.Count / 2);
            }

            return members;
        });

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static string Compose(List<(string Name, string Value)> members, int seed, int spacing)
    {
        var random = new Random(seed);
        string[] spaces = ["", " ", "\n", "\t\r\n "];
        string Space() => spacing == 0 ? "" : spaces[random.Next(spaces.Length)];
        var shuffled = members.OrderBy(_ => random.Next()).ToList();
        return Space() + "{" + string.Join(",", shuffled.Select(m => Space() + Quote(m.Name) + Space() + ":" + Space() + m.Value + Space())) + "}" + Space();
    }

    private static CloudEventParser Full() => new(SampleTenants.Directory, SampleTenants.Now) { CommonReader = false };

    /// <summary>Everything a verdict says: the event's every attribute and field, or every error in order.</summary>
    private static string Outcome(CloudEventParser parser, byte[] body) =>
        parser.TryParse(body, out var parsed, out var errors)
            ? Describe(parsed)
            : "rejected: " + string.Join(" | ", errors.Select(e => $"{e.Code} {e.Attribute} {e.Message}"));

    /// <summary>The verdict on an event as delivered (its sender checked too).</summary>
    private static string Outcome(CloudEventParser parser, RawEvent raw) =>
        parser.TryParse(raw, out var parsed, out var rejected)
            ? Describe(parsed)
            : "rejected: " + string.Join(" | ", rejected.Errors.Select(e => $"{e.Code} {e.Attribute} {e.Message}"));

    private static string Describe(MeteringEvent parsed)
    {
        var data = string.Join(",", EventDataFields.All.Select(field => field switch
        {
            ListField list => list.Get(parsed.Data) is { } items ? $"{field.Name}=[{string.Join(";", items)}]" : "",
            TextField text => $"{field.Name}={text.Get(parsed.Data)}",
            FlagField flag => $"{field.Name}={flag.Get(parsed.Data)}",
            CountField count => $"{field.Name}={count.Get(parsed.Data)}",
            InstantField instant => $"{field.Name}={instant.Get(parsed.Data)}",
            _ => throw new InvalidOperationException(field.Name),
        }));
        return $"accepted: {parsed.Key} {parsed.Id} {parsed.Source} {parsed.Tenant} {parsed.Type.Name} {parsed.Subject} {parsed.Time} {data}";
    }
}
