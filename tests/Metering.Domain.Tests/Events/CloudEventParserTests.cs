using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Testing.Events;
using NodaTime;
using static Metering.Testing.Events.EventJson;

namespace Metering.Domain.Tests.Events;

public sealed class CloudEventParserTests
{
    private static readonly EventJson Login = Valid();
    private static readonly EventJson Meeting = Of("meeting.hosted", """{"origin":"meetings","scheduled":true,"space":"group"}""");
    private static readonly EventJson Content = Of("content.opened", """{"contentId":"book-1","action":"launch"}""");
    private static readonly EventJson Licence = Of("license.granted", """{"licenseId":"lic-1","contentId":"book-1"}""");
    private static readonly string Origin64 = new('o', 64);
    private static readonly string Id256 = new('i', 256);

    /// <summary>One row per rule of docs/events.md: a valid event with exactly that rule broken.</summary>
    public static TheoryData<string, string, string, string?> BrokenRules => new()
    {
        // Structure
        { "the body must be JSON", """{"specversion":"1.0","id":""", RejectionReason.MalformedJson, null },
        { "nothing may follow the object", Login.Json + " x", RejectionReason.MalformedJson, null },
        { "one object per body", Login.Json + Login.Json, RejectionReason.MalformedJson, null },
        { "comments are not JSON", Login.Json + " // note", RejectionReason.MalformedJson, null },
        { "nesting deeper than 64 levels is refused", Login.With("deep", new string('[', 70) + new string(']', 70)).Json, RejectionReason.MalformedJson, null },
        { "an empty body is not JSON", "", RejectionReason.MalformedJson, null },
        { "an array is not an event", "[" + Login.Json + "]", RejectionReason.NotAnObject, null },
        { "a string is not an event", "\"user.login\"", RejectionReason.NotAnObject, null },
        { "null is not an event", "null", RejectionReason.NotAnObject, null },
        { "an attribute given twice is ambiguous", Login.Repeating("id", "\"evt-2\"").Json, RejectionReason.DuplicateAttribute, "id" },
        { "an escaped name is the same attribute", Login.Repeating("\\u0069d", "\"evt-2\"").Json, RejectionReason.DuplicateAttribute, "id" },
        { "an extension given twice is ambiguous", Login.With("region", "\"eu\"").Repeating("region", "\"us\"").Json, RejectionReason.DuplicateAttribute, "region" },

        // specversion
        { "specversion is required", Login.Without("specversion").Json, RejectionReason.MissingAttribute, "specversion" },
        { "a null specversion is missing", Login.With("specversion", "null").Json, RejectionReason.MissingAttribute, "specversion" },
        { "specversion is a string", Login.With("specversion", "1.0").Json, RejectionReason.InvalidAttribute, "specversion" },
        { "specversion is not empty", Login.WithString("specversion", "").Json, RejectionReason.InvalidAttribute, "specversion" },
        { "specversion is 1.0", Login.WithString("specversion", "0.3").Json, RejectionReason.UnsupportedSpecVersion, "specversion" },

        // id
        { "id is required", Login.Without("id").Json, RejectionReason.MissingAttribute, "id" },
        { "id is not empty", Login.WithString("id", "").Json, RejectionReason.InvalidAttribute, "id" },
        { "id is a string", Login.With("id", "42").Json, RejectionReason.InvalidAttribute, "id" },
        { "id has no control character", Login.WithString("id", "evt\u0001").Json, RejectionReason.InvalidAttribute, "id" },
        { "id has no unpaired surrogate", Login.With("id", "\"evt\\uD800\"").Json, RejectionReason.InvalidAttribute, "id" },

        // source
        { "source is required", Login.Without("source").Json, RejectionReason.MissingAttribute, "source" },
        { "source is not empty", Login.WithString("source", "").Json, RejectionReason.InvalidAttribute, "source" },
        { "source is a string", Login.With("source", "{}").Json, RejectionReason.InvalidAttribute, "source" },
        { "source is a URI-reference", Login.WithString("source", "/apps/my lms").Json, RejectionReason.InvalidAttribute, "source" },
        { "source must be registered for the tenant", Login.WithString("source", "/apps/other").Json, RejectionReason.UnregisteredSource, "source" },

        // type
        { "type is required", Login.Without("type").Json, RejectionReason.MissingAttribute, "type" },
        { "type is a string", Login.With("type", "[\"user.login\"]").Json, RejectionReason.InvalidAttribute, "type" },
        { "type is not empty", Login.WithString("type", "").Json, RejectionReason.InvalidAttribute, "type" },
        { "type is in the catalog", Login.WithString("type", "user.logout").Json, RejectionReason.UnknownType, "type" },
        { "type is case-sensitive", Login.WithString("type", "User.Login").Json, RejectionReason.UnknownType, "type" },

        // time
        { "time is required", Login.Without("time").Json, RejectionReason.MissingAttribute, "time" },
        { "time is a string", Login.With("time", "1764496800").Json, RejectionReason.InvalidAttribute, "time" },
        { "time has an offset", Login.WithString("time", "2025-11-30T10:00:00").Json, RejectionReason.InvalidTime, "time" },
        { "time offsets have a colon", Login.WithString("time", "2025-11-30T10:00:00+0100").Json, RejectionReason.InvalidTime, "time" },
        { "time separates date and time with T", Login.WithString("time", "2025-11-30 10:00:00Z").Json, RejectionReason.InvalidTime, "time" },
        { "time is a real date (2025 is common)", Login.WithString("time", "2025-02-29T10:00:00Z").Json, RejectionReason.InvalidTime, "time" },
        { "time fractions stop at nanoseconds", Login.WithString("time", "2025-11-30T10:00:00.1234567891Z").Json, RejectionReason.InvalidTime, "time" },
        { "time is at most 5 minutes ahead of ingest", Login.WithString("time", "2025-12-01T12:05:00.000000001Z").Json, RejectionReason.FutureTime, "time" },
        { "time is compared as an instant, whatever its offset", Login.WithString("time", "2025-12-01T13:05:00.000000001+01:00").Json, RejectionReason.FutureTime, "time" },
        { "time is at most 1,096 days before ingest", Login.WithString("time", "2022-12-01T11:59:59.999999999Z").Json, RejectionReason.TooOld, "time" },
        { "a clock reset to year 1 is too old", Login.WithString("time", "0001-01-01T00:00:00Z").Json, RejectionReason.TooOld, "time" },
        { "the oldest edge is an instant, whatever its offset", Login.WithString("time", "2022-12-01T12:59:59.999999999+01:00").Json, RejectionReason.TooOld, "time" },

        // tenantid
        { "tenantid is required", Login.Without("tenantid").Json, RejectionReason.MissingAttribute, "tenantid" },
        { "tenantid is not empty", Login.WithString("tenantid", "").Json, RejectionReason.InvalidAttribute, "tenantid" },
        { "tenantid is lower case", Login.WithString("tenantid", "Acme").Json, RejectionReason.InvalidTenantId, "tenantid" },
        { "tenantid starts with a letter or digit", Login.WithString("tenantid", "-acme").Json, RejectionReason.InvalidTenantId, "tenantid" },
        { "tenantid is at most 63 characters", Login.WithString("tenantid", new string('a', 64)).Json, RejectionReason.InvalidTenantId, "tenantid" },
        { "tenantid names a registered tenant", Login.WithString("tenantid", "globex").Json, RejectionReason.UnknownTenant, "tenantid" },

        // subject
        { "subject is required", Login.Without("subject").Json, RejectionReason.MissingAttribute, "subject" },
        { "subject is a string", Login.With("subject", "7").Json, RejectionReason.InvalidAttribute, "subject" },
        { "subject is not empty", Login.WithString("subject", "").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject has no C0 control character", Login.WithString("subject", "user\u0007").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject has no C1 control character", Login.WithString("subject", "user\u0085").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject has no DEL", Login.WithString("subject", "user\u007f").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject has no unpaired high surrogate", Login.With("subject", "\"user\\uD800\"").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject has no unpaired low surrogate", Login.With("subject", "\"\\uDC00user\"").Json, RejectionReason.InvalidSubject, "subject" },
        { "subject is at most 256 characters", Login.WithString("subject", new string('u', 257)).Json, RejectionReason.SubjectTooLong, "subject" },
        { "subject length counts scalar values", Login.WithString("subject", string.Concat(Enumerable.Repeat("😀", 257))).Json, RejectionReason.SubjectTooLong, "subject" },

        // data
        { "data is an object, not a string", Login.WithData("\"cloud\"").Json, RejectionReason.InvalidData, "data" },
        { "data is an object, not an array", Login.WithData("[]").Json, RejectionReason.InvalidData, "data" },
        { "binary data is not accepted", Login.With("data_base64", "\"e30=\"").Json, RejectionReason.InvalidData, "data_base64" },
        { "data before type is still read under the type", "{\"data\":{\"deployment\":\"hybrid\"}," + Login.Json[1..], RejectionReason.InvalidData, "data.deployment" },
        { "a catalogued data field given twice is ambiguous", Login.WithData("""{"deployment":"cloud","deployment":"on-premises"}""").Json, RejectionReason.InvalidData, "data.deployment" },
        { "activity deployment is cloud or on-premises", Login.WithData("""{"deployment":"hybrid"}""").Json, RejectionReason.InvalidData, "data.deployment" },
        { "activity deployment is case-sensitive", Login.WithData("""{"deployment":"Cloud"}""").Json, RejectionReason.InvalidData, "data.deployment" },
        { "meeting origin is required", Meeting.WithData("""{"scheduled":true,"space":"group"}""").Json, RejectionReason.InvalidData, "data.origin" },
        { "meeting origin is not empty", Meeting.WithData("""{"origin":"","scheduled":true,"space":"group"}""").Json, RejectionReason.InvalidData, "data.origin" },
        { "meeting origin is at most 64 characters", Meeting.WithData($$"""{"origin":"{{Origin64}}x","scheduled":true,"space":"group"}""").Json, RejectionReason.InvalidData, "data.origin" },
        { "meeting origin is a string", Meeting.WithData("""{"origin":1,"scheduled":true,"space":"group"}""").Json, RejectionReason.InvalidData, "data.origin" },
        { "meeting scheduled is required", Meeting.WithData("""{"origin":"app","space":"group"}""").Json, RejectionReason.InvalidData, "data.scheduled" },
        { "meeting scheduled is a boolean", Meeting.WithData("""{"origin":"app","scheduled":"yes","space":"group"}""").Json, RejectionReason.InvalidData, "data.scheduled" },
        { "meeting space is required", Meeting.WithData("""{"origin":"app","scheduled":false}""").Json, RejectionReason.InvalidData, "data.space" },
        { "meeting space is not empty", Meeting.WithData("""{"origin":"app","scheduled":false,"space":""}""").Json, RejectionReason.InvalidData, "data.space" },
        { "meeting space is at most 64 characters", Meeting.WithData($$"""{"origin":"app","scheduled":false,"space":"{{Origin64}}s"}""").Json, RejectionReason.InvalidData, "data.space" },
        { "meeting deployment is cloud or on-premises", Meeting.WithData("""{"origin":"app","scheduled":false,"space":null,"deployment":"edge"}""").Json, RejectionReason.InvalidData, "data.deployment" },
        { "content id is required", Content.WithData("""{"action":"launch"}""").Json, RejectionReason.InvalidData, "data.contentId" },
        { "content action is required", Content.WithData("""{"contentId":"book-1"}""").Json, RejectionReason.InvalidData, "data.action" },
        { "content action is launch or download", Content.WithData("""{"contentId":"book-1","action":"read"}""").Json, RejectionReason.InvalidData, "data.action" },
        { "session id is required", Of("session.started", "{}").Json, RejectionReason.InvalidData, "data.sessionId" },
        { "session id is at most 256 characters", Of("session.heartbeat", $$"""{"sessionId":"{{Id256}}x"}""").Json, RejectionReason.InvalidData, "data.sessionId" },
        { "session id has no control character", Of("session.ended", """{"sessionId":"s\n1"}""").Json, RejectionReason.InvalidData, "data.sessionId" },
        { "account type is one of the five", Of("user.created", """{"accountType":"robot"}""").Json, RejectionReason.InvalidData, "data.accountType" },
        { "active is a boolean", Of("user.created", """{"active":"yes"}""").Json, RejectionReason.InvalidData, "data.active" },
        { "roles is an array", Of("user.updated", """{"roles":"administrator"}""").Json, RejectionReason.InvalidData, "data.roles" },
        { "roles are strings", Of("user.created", """{"roles":["administrator",1]}""").Json, RejectionReason.InvalidData, "data.roles" },
        { "aliases are not empty", Of("user.updated", """{"aliases":["ann@example.com",""]}""").Json, RejectionReason.InvalidData, "data.aliases" },
        { "access id is not empty", Of("user.created", """{"accessId":""}""").Json, RejectionReason.InvalidData, "data.accessId" },
        { "role is required", Of("role.granted", "{}").Json, RejectionReason.InvalidData, "data.role" },
        { "role is a string", Of("role.revoked", """{"role":true}""").Json, RejectionReason.InvalidData, "data.role" },
        { "licence id is required", Licence.WithData("""{"contentId":"book-1"}""").Json, RejectionReason.InvalidData, "data.licenseId" },
        { "licensed content id is required", Licence.WithData("""{"licenseId":"lic-1"}""").Json, RejectionReason.InvalidData, "data.contentId" },
        { "licence expiry is RFC 3339 with an offset", Licence.WithData("""{"licenseId":"lic-1","contentId":"book-1","expiresAt":"2026-06-01"}""").Json, RejectionReason.InvalidData, "data.expiresAt" },
        { "revoked licence id is required", Of("license.revoked", "{}").Json, RejectionReason.InvalidData, "data.licenseId" },
        { "expired licence id is required", Of("license.expired", """{"licenseId":null}""").Json, RejectionReason.InvalidData, "data.licenseId" },
        { "enrolment course id is required", Of("enrollment.created", "{}").Json, RejectionReason.InvalidData, "data.courseId" },
        { "course visibility is required", Of("course.visibility", "{}").Json, RejectionReason.InvalidData, "data.visible" },
        { "course visibility is a boolean", Of("course.visibility", """{"visible":"true"}""").Json, RejectionReason.InvalidData, "data.visible" },
        { "access-ID user is required", Of("accessid.assigned", "{}").Json, RejectionReason.InvalidData, "data.userId" },
        { "headcount has at least one count", Of("org.headcount", """{"note":"none"}""").Json, RejectionReason.InvalidData, "data" },
        { "headcounts are not negative", Of("org.headcount", """{"knowledgeWorkers":-1}""").Json, RejectionReason.InvalidData, "data.knowledgeWorkers" },
        { "headcounts are whole numbers", Of("org.headcount", """{"employees":1.5}""").Json, RejectionReason.InvalidData, "data.employees" },
        { "headcounts are numbers", Of("org.headcount", """{"deployedKnowledgeWorkers":"120"}""").Json, RejectionReason.InvalidData, "data.deployedKnowledgeWorkers" },
    };

    /// <summary>Valid events at the edges of each rule.</summary>
    public static TheoryData<string, string> AcceptedEdges => new()
    {
        { "time exactly 5 minutes ahead of ingest", Login.WithString("time", "2025-12-01T12:05:00Z").Json },
        { "time exactly 1,096 days (three years with a leap day) before ingest", Login.WithString("time", "2022-12-01T12:00:00Z").Json },
        { "time with a fraction of 1 digit", Login.WithString("time", "2025-11-30T10:00:00.5Z").Json },
        { "time with a fraction of 9 digits", Login.WithString("time", "2025-11-30T10:00:00.123456789+05:30").Json },
        { "time with lower-case t and z", Login.WithString("time", "2025-11-30t10:00:00z").Json },
        { "time on 29 February of a leap year", Login.WithString("time", "2024-02-29T23:59:59-03:00").Json },
        { "subject of exactly 256 characters", Login.WithString("subject", new string('u', 256)).Json },
        { "subject of 256 emoji (512 UTF-16 units)", Login.WithString("subject", string.Concat(Enumerable.Repeat("😀", 256))).Json },
        { "source as an absolute URI", Login.WithString("source", "https://lms.example.com/app").Json },
        { "extension attributes are ignored", Login.With("region", "{\"nested\":[1,2,{\"deep\":null}]}").With("datacontenttype", "\"application/json\"").Json },
        { "unknown data fields are ignored", Login.WithData("""{"deployment":"cloud","browser":"firefox","origin":7}""").Json },
        { "null data is no data", Login.WithData("null").Json },
        { "null data_base64 is no data", Login.With("data_base64", "null").Json },
        { "meeting space may be null", Meeting.WithData("""{"origin":"pstn","scheduled":false,"space":null}""").Json },
        { "meeting origin may be any value of 1 to 64 characters", Meeting.WithData($$"""{"origin":"{{Origin64}}","scheduled":true,"space":"one-on-one"}""").Json },
        { "identifiers of exactly 256 characters", Of("session.started", $$"""{"sessionId":"{{Id256}}"}""").Json },
        { "a headcount with one count", Of("org.headcount", """{"employees":0}""").Json },
        { "seats need no data", Valid("seat.assigned").Json },
        { "endpoints need no data", Valid("endpoint.protected", subject: "laptop-42").Json },
        { "properties may come in any order", """{"data":{"deployment":"on-premises"},"subject":"user-1","tenantid":"acme","time":"2025-11-30T10:00:00Z","type":"user.login","source":"/apps/lms","id":"evt-1","specversion":"1.0"}""" },
        { "attribute names may be escaped", Login.Without("id").With("\\u0069d", "\"evt-1\"").Json },
    };

    public static TheoryData<string> HostileSubjects => new()
    {
        "a/b#c?d\\e%f",
        "  spaced  out  ",
        "😀 emoji user",
        "用户/名字",
        "Ünïcødé Üser",
        "%2F already-encoded %25",
        "'quoted' \"double\"",
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_Broken_Rule_Rejects_The_Event_With_Its_Code(string rule, string json, string code, string? attribute)
    {
        var errors = Reject(Encoding.UTF8.GetBytes(json));

        Assert.True(errors.Length == 1, $"{rule}: expected one error, got {string.Join("; ", errors)}");
        Assert.Equal((code, attribute), (errors[0].Code, errors[0].Attribute));
    }

    [Theory]
    [MemberData(nameof(AcceptedEdges))]
    public void Edges_Of_The_Rules_Are_Accepted(string rule, string json)
    {
        var parser = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);

        var accepted = parser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var errors);

        Assert.True(accepted, $"{rule}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Body_Of_Exactly_256_KiB_Is_Read_And_One_Byte_More_Is_Too_Large()
    {
        var exact = Padded(CloudEventParser.MaxBodyBytes);
        var over = Padded(CloudEventParser.MaxBodyBytes + 1);

        Assert.Equal(262_144, exact.Length);
        Assert.True(Parse(exact, out _).Length == 0);
        Assert.Equal([RejectionReason.EventTooLarge], Parse(over, out _).Select(e => e.Code));
    }

    [Fact]
    public void Oversized_Body_Is_Rejected_Without_Parsing()
    {
        var garbage = Enumerable.Repeat((byte)'{', CloudEventParser.MaxBodyBytes + 1).ToArray();

        Assert.Equal([RejectionReason.EventTooLarge], Reject(garbage).Select(e => e.Code));
    }

    [Theory]
    [InlineData(30, "2025-11-01T12:00:00Z", true)]
    [InlineData(30, "2025-11-01T11:59:59Z", false)]
    [InlineData(6000, "2012-01-01T00:00:00Z", true)]
    [InlineData(365250, "1100-01-01T00:00:00Z", true)]
    [InlineData(10_000_000, "0001-01-01T00:00:00Z", true)] // a horizon past the first instant NodaTime holds accepts every time
    public void The_Oldest_Event_Horizon_Is_The_Deployments(int days, string time, bool accepted)
    {
        var parser = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now, Duration.FromDays(days));

        var read = parser.TryParse(Encoding.UTF8.GetBytes(Login.WithString("time", time).Json), out _, out var errors);

        Assert.Equal(accepted, read);
        if (!accepted)
        {
            Assert.Equal((RejectionReason.TooOld, "time"), (errors[0].Code, errors[0].Attribute));
            Assert.Contains($"more than {days} days before the moment of ingest", errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_Horizon_Of_Zero_Or_Less_Is_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CloudEventParser(SampleTenants.Directory, SampleTenants.Now, Duration.Zero));
    }

    [Fact]
    public void Invalid_Utf8_Is_Malformed_Json()
    {
        var body = Login.Bytes;
        var at = Array.IndexOf(body, (byte)'u', Login.Json.IndexOf("user-1", StringComparison.Ordinal));
        body[at] = 0xC3; // a lead byte followed by ASCII

        Assert.Equal([RejectionReason.MalformedJson], Reject(body).Select(e => e.Code));
    }

    [Fact]
    public void A_Byte_Order_Mark_Inside_A_Body_Is_Malformed_Json()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Login.Bytes];

        Assert.Equal([RejectionReason.MalformedJson], Reject(body).Select(e => e.Code));
    }

    [Fact]
    public void Every_Broken_Rule_Is_Reported_In_Attribute_Order()
    {
        var json = Login.WithString("specversion", "0.3").Without("id").WithString("type", "user.logout")
            .WithString("time", "yesterday").WithString("subject", "").Json;

        var errors = Reject(Encoding.UTF8.GetBytes(json));

        Assert.Equal(
            [
                (RejectionReason.UnsupportedSpecVersion, "specversion"),
                (RejectionReason.MissingAttribute, "id"),
                (RejectionReason.UnknownType, "type"),
                (RejectionReason.InvalidTime, "time"),
                (RejectionReason.InvalidSubject, "subject"),
            ],
            errors.Select(e => (e.Code, e.Attribute!)));
    }

    [Fact]
    public void Context_And_Data_Errors_Are_Reported_Together()
    {
        var json = Meeting.WithString("source", "/apps/other").WithString("time", "2025-12-01T13:00:00Z")
            .WithData("""{"origin":"","space":"group"}""").Json;

        var errors = Reject(Encoding.UTF8.GetBytes(json));

        Assert.Equal(
            [
                (RejectionReason.UnregisteredSource, "source"),
                (RejectionReason.FutureTime, "time"),
                (RejectionReason.InvalidData, "data.origin"),
                (RejectionReason.InvalidData, "data.scheduled"),
            ],
            errors.Select(e => (e.Code, e.Attribute!)));
    }

    [Fact]
    public void A_Too_Long_Subject_With_A_Control_Character_Breaks_Both_Rules()
    {
        var errors = Reject(Login.WithString("subject", "\u0001" + new string('u', 300)).Bytes);

        Assert.Equal([RejectionReason.InvalidSubject, RejectionReason.SubjectTooLong], errors.Select(e => e.Code));
    }

    [Fact]
    public void Rejection_Keeps_Duplicate_And_Attribute_Errors_Together()
    {
        var errors = Reject(Login.Repeating("time", "\"2025-11-30T11:00:00Z\"").WithString("type", "nope").Bytes);

        Assert.Equal(
            [(RejectionReason.DuplicateAttribute, "time"), (RejectionReason.UnknownType, "type")],
            errors.Select(e => (e.Code, e.Attribute!)));
    }

    [Theory]
    [MemberData(nameof(HostileSubjects))]
    public void Hostile_Subjects_Are_Kept_Exactly(string subject)
    {
        var raw = Parse(Login.WithString("subject", subject).Bytes, out var fromRaw);
        var escaped = Parse(Encoding.UTF8.GetBytes(Login.Json.Replace(Quote("user-1"), EscapeAll(subject), StringComparison.Ordinal)), out var fromEscaped);

        Assert.Empty(raw);
        Assert.Empty(escaped);
        Assert.Equal(subject, fromRaw!.Subject.Value);
        Assert.Equal(subject, fromEscaped!.Subject.Value);
    }

    [Fact]
    public void Accepted_Event_Carries_Every_Attribute()
    {
        var json = Valid("app.launched", subject: "ann@example.com", time: "2025-03-30T03:30:00.25+02:00", source: "https://lms.example.com/app", id: "a-1")
            .WithData("""{"deployment":"on-premises"}""").Json;

        Assert.Empty(Parse(Encoding.UTF8.GetBytes(json), out var parsed));
        Assert.Equal("a-1", parsed!.Id);
        Assert.Equal("https://lms.example.com/app", parsed.Source);
        Assert.Equal("acme", parsed.Tenant.Value);
        Assert.Same(EventCatalog.Get("app.launched"), parsed.Type);
        Assert.Equal("ann@example.com", parsed.Subject.Value);
        Assert.Equal(Instant.FromUtc(2025, 3, 30, 1, 30).PlusNanoseconds(250_000_000), parsed.Time);
        Assert.Equal(Deployments.OnPremises, parsed.Data.Deployment);
    }

    [Theory]
    [InlineData("user.activity")]
    [InlineData("user.login")]
    [InlineData("app.launched")]
    [InlineData("profile.updated")]
    [InlineData("data.accessed")]
    public void Activity_Without_Deployment_Is_Cloud_And_Carries_No_Key(string type)
    {
        Assert.Empty(Parse(Valid(type).Bytes, out var parsed));

        Assert.Equal(Deployments.Cloud, parsed!.Data.Deployment);
        Assert.Equal(default, parsed.Key);
    }

    [Fact]
    public void Meeting_Fields_Are_Kept_And_Deployment_Defaults_To_Cloud()
    {
        Assert.Empty(Parse(Meeting.WithData("""{"origin":"pstn","scheduled":false,"space":null}""").Bytes, out var parsed));

        Assert.Equal(
            new EventData { Origin = "pstn", Scheduled = false, Space = null, Deployment = Deployments.Cloud },
            parsed!.Data);
    }

    [Fact]
    public void Fact_Events_Carry_The_Key_Of_Source_And_Id()
    {
        Assert.Empty(Parse(Content.Bytes, out var parsed));

        Assert.Equal(EventKey.Of("/apps/lms", "evt-1"), parsed!.Key);
        Assert.Equal(new EventData { ContentId = "book-1", Action = ContentActions.Launch }, parsed.Data);
    }

    [Fact]
    public void User_Created_Fills_The_Defaults_Of_Person_And_Active()
    {
        Assert.Empty(Parse(Of("user.created", """{"roles":["administrator"],"aliases":["ann@example.com","ann"]}""").Bytes, out var parsed));

        Assert.Equal(AccountTypes.Person, parsed!.Data.AccountType);
        Assert.True(parsed.Data.Active);
        Assert.Equal<string>(["administrator"], parsed.Data.Roles!.Value);
        Assert.Equal<string>(["ann@example.com", "ann"], parsed.Data.Aliases!.Value);
    }

    [Fact]
    public void User_Updated_Leaves_Absent_Fields_Unset()
    {
        Assert.Empty(Parse(Of("user.updated", """{"active":false,"roles":null}""").Bytes, out var parsed));

        Assert.Equal(new EventData { Active = false }, parsed!.Data);
    }

    [Fact]
    public void Licence_Expiry_Is_Read_As_An_Instant()
    {
        var json = Licence.WithData("""{"licenseId":"lic-1","contentId":"book-1","expiresAt":"2026-03-01T00:00:00+01:00"}""").Json;

        Assert.Empty(Parse(Encoding.UTF8.GetBytes(json), out var parsed));

        Assert.Equal(Instant.FromUtc(2026, 2, 28, 23, 0), parsed!.Data.ExpiresAt);
    }

    [Fact]
    public void Headcounts_Are_Read_As_Given()
    {
        Assert.Empty(Parse(Of("org.headcount", """{"knowledgeWorkers":300,"deployedKnowledgeWorkers":120,"employees":500}""", subject: "org").Bytes, out var parsed));

        Assert.Equal(new EventData { KnowledgeWorkers = 300, DeployedKnowledgeWorkers = 120, Employees = 500 }, parsed!.Data);
    }

    [Fact]
    public void Parser_Never_Throws_On_Arbitrary_Bytes()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var parser = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);
            var accepted = parser.TryParse(bytes, out var parsed, out var errors);
            return accepted ? parsed is not null && errors.IsEmpty : parsed is null && !errors.IsEmpty;
        }, iter: 5_000);
    }

    [Fact]
    public void Parser_Never_Throws_On_Mutated_Events()
    {
        var valid = Meeting.Bytes;

        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length]).Sample((at, value, cut) =>
        {
            var parser = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);
            var body = valid.ToArray();
            body[at] = value;
            var accepted = parser.TryParse(body.AsSpan(0, cut), out var parsed, out var errors);
            return accepted ? parsed is not null && errors.IsEmpty : parsed is null && !errors.IsEmpty;
        }, iter: 5_000);
    }

    private static System.Collections.Immutable.ImmutableArray<ValidationError> Reject(byte[] body)
    {
        var errors = Parse(body, out var parsed);
        Assert.Null(parsed);
        Assert.NotEmpty(errors);
        return errors;
    }

    private static System.Collections.Immutable.ImmutableArray<ValidationError> Parse(byte[] body, out MeteringEvent? parsed)
    {
        var parser = new CloudEventParser(SampleTenants.Directory, SampleTenants.Now);
        parser.TryParse(body, out parsed, out var errors);
        return errors;
    }

    /// <summary>A valid login padded with an extension attribute to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(int length)
    {
        var empty = Login.With("padding", "\"\"").Bytes.Length;
        return Login.With("padding", Quote(new string('p', length - empty))).Bytes;
    }

    /// <summary>Every character as a <c>\uXXXX</c> escape (surrogate pairs as two escapes).</summary>
    private static string EscapeAll(string value) =>
        "\"" + string.Concat(value.Select(c => $"\\u{(int)c:x4}")) + "\"";
}
