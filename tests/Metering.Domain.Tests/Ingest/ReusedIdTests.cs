using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Testing.Events;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// docs/events.md, "Duplicates and reused ids": CloudEvents lets a consumer treat two events with the same
/// <c>source</c> and <c>id</c> as one. A copy that says the same (whatever its bytes) is a redelivery and changes
/// nothing; a copy that says something else is a reused id: it is dead-lettered as <c>conflicting-duplicate</c> and
/// never adds a user.
/// </summary>
public sealed class ReusedIdTests
{
    private static readonly EventJson First = EventJson.Valid(subject: "ok1", id: "a1");

    /// <summary>A second copy of <see cref="First"/>, and whether it is a reused id (other content under the same identity).</summary>
    public static TheoryData<string, string, bool> SecondCopies => new()
    {
        { "the same bytes again", First.Json, false },
        { "its members in another order", EventJson.Valid(subject: "ok1", id: "a1").Without("subject").With("subject", "\"ok1\"").Json, false },
        { "whitespace between members", First.Json.Replace(",", " ,\n  ", StringComparison.Ordinal), false },
        { "an extension attribute the pipeline does not read", First.With("traceparent", "\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"").Json, false },
        { "the same instant written with another offset", First.WithString("time", "2025-11-30T11:00:00+01:00").Json, false },
        { "the subject escaped in JSON", First.With("subject", "\"\\u006fk1\"").Json, false },
        { "a data field outside the catalogue", First.WithData("""{"browser":"firefox"}""").Json, false },
        { "another subject", EventJson.Valid(subject: "ok1-different-content", id: "a1").Json, true },
        { "a time one nanosecond later", First.WithString("time", "2025-11-30T10:00:00.000000001Z").Json, true },
        { "another type", EventJson.Valid(type: "user.activity", subject: "ok1", id: "a1").Json, true },
        { "another deployment in data", First.WithData("""{"deployment":"on-premises"}""").Json, true },
    };

    /// <summary>Copies that are another event: another identity, so both count.</summary>
    public static TheoryData<string, string> OtherEvents => new()
    {
        { "another id", EventJson.Valid(subject: "ok2", id: "a2").Json },
        { "another source", EventJson.Valid(subject: "ok2", id: "a1", source: "https://lms.example.com/app").Json },
        { "another tenant", EventJson.Valid(subject: "ok2", id: "a1", tenant: "paris").Json },
    };

    [Theory]
    [MemberData(nameof(SecondCopies))]
    public void In_One_Batch_A_Reused_Id_Counts_Once_And_The_Other_Copy_Is_Dead_Lettered(string copy, string second, bool reused)
    {
        _ = copy;
        var plan = Plan([First.Json, second]);

        Assert.Single(plan.Claims);
        if (reused)
        {
            Assert.Equal(1, plan.Accepted);
            var rejected = Assert.Single(plan.Rejected);
            Assert.Equal(RejectionReason.ConflictingDuplicate, rejected.Reason);
            Assert.Equal("id", rejected.Errors[0].Attribute);
            Assert.Contains("'a1'", rejected.Errors[0].Message, StringComparison.Ordinal);
            Assert.Single(plan.Presence);
        }
        else
        {
            Assert.Equal(2, plan.Accepted);
            Assert.Empty(plan.Rejected);
            Assert.Single(plan.Presence);
        }
    }

    [Theory]
    [MemberData(nameof(SecondCopies))]
    public void Across_Batches_The_Copy_Claimed_First_Counts_And_A_Later_Reuse_Is_Dead_Lettered(string copy, string second, bool reused)
    {
        _ = copy;
        var first = Plan([First.Json]);
        var earlier = Earlier(first);

        var later = Plan([second], earlier);

        if (reused)
        {
            Assert.Equal(0, later.Accepted);
            var rejected = Assert.Single(later.Rejected);
            Assert.Equal(RejectionReason.ConflictingDuplicate, rejected.Reason);
            Assert.Contains(first.Batch.Value, rejected.Errors[0].Message, StringComparison.Ordinal);
            Assert.Empty(later.Presence);
            Assert.Empty(later.Claims);
        }
        else
        {
            Assert.Equal(1, later.Accepted);
            Assert.Empty(later.Rejected);
            Assert.Equal<EventClaim>(first.Claims, later.Claims);
        }
    }

    [Theory]
    [MemberData(nameof(OtherEvents))]
    public void Another_Source_Id_Or_Tenant_Is_Another_Event(string copy, string other)
    {
        _ = copy;
        var together = Plan([First.Json, other]);
        var later = Plan([other], Earlier(Plan([First.Json])));

        Assert.Equal(2, together.Accepted);
        Assert.Equal(2, together.Claims.Length);
        Assert.Equal(1, later.Accepted);
        Assert.Empty(later.Rejected);
    }

    [Fact]
    public void In_One_Batch_The_Copy_Kept_Does_Not_Depend_On_The_Order()
    {
        var other = EventJson.Valid(subject: "ok1-different-content", id: "a1").Json;

        var forward = Plan([First.Json, other]);
        var backward = Plan([other, First.Json]);

        Assert.Equal(forward.Batch, backward.Batch);
        Assert.Equal<Activity.PresenceRecord>(forward.Presence, backward.Presence);
        Assert.Equal<EventClaim>(forward.Claims, backward.Claims);
        Assert.Equal(
            forward.Rejected.Select(r => System.Text.Encoding.UTF8.GetString(r.Event.Body.Span)),
            backward.Rejected.Select(r => System.Text.Encoding.UTF8.GetString(r.Event.Body.Span)));
    }

    [Fact]
    public void A_Batch_Holding_The_Claimed_Copy_And_A_Reuse_Counts_The_Claimed_One_Even_When_Its_Digest_Is_Higher()
    {
        var other = EventJson.Valid(subject: "ok1-different-content", id: "a1").Json;
        var alone = Plan([First.Json, other]);
        var kept = alone.Claims[0].Content;

        // Whichever copy the batch alone would keep, an earlier claim of the other copy decides.
        var claimedFirst = kept == Plan([First.Json]).Claims[0].Content ? other : First.Json;
        var earlier = Earlier(Plan([claimedFirst]));
        var plan = Plan([First.Json, other], earlier);

        Assert.Equal(1, plan.Accepted);
        var rejected = Assert.Single(plan.Rejected);
        Assert.NotEqual(claimedFirst, System.Text.Encoding.UTF8.GetString(rejected.Event.Body.Span));
        Assert.Equal(earlier.Values.Single().Content, Assert.Single(plan.Claims).Content);
    }

    [Fact]
    public void Exact_Copies_And_Several_Reuses_In_One_Batch_Keep_One_Copy_Per_Identity()
    {
        var reuses = Enumerable.Range(0, 5).Select(i => EventJson.Valid(subject: $"reuse-{i}", id: "a1").Json).ToArray();

        var plan = Plan([First.Json, First.Json, .. reuses, First.Json]);

        var claim = Assert.Single(plan.Claims);
        var firstKept = claim.Content == Plan([First.Json]).Claims[0].Content;
        Assert.Equal(firstKept ? 3 : 1, plan.Accepted);
        Assert.Equal(firstKept ? 5 : 7, plan.Rejected.Length);
        Assert.All(plan.Rejected, r => Assert.Equal(RejectionReason.ConflictingDuplicate, r.Reason));
        Assert.Single(plan.Presence);
    }

    /// <summary>
    /// The CPU benchmark's floor (the plan without its output) must do the plan's work: a batch with a reused id is read
    /// twice, the second time with the winners, so it accepts what the plan accepts, not every copy.
    /// </summary>
    [Theory]
    [MemberData(nameof(SecondCopies))]
    public void The_Benchmark_Floor_Accepts_What_The_Plan_Accepts(string copy, string second, bool reused)
    {
        _ = copy;
        string[] bodies = [First.Json, second, "{\"specversion\":", EventJson.Valid(subject: "ok2", id: "a2").Json];

        var accepted = IngestPlanner.PlanWithoutOutput(Raw(bodies), SampleTenants.Directory, SampleTenants.Now);

        Assert.Equal(Plan(bodies).Accepted, accepted);
        Assert.Equal(reused ? 2 : 3, accepted);
    }

    private static ImmutableDictionary<EventIdentity, EarlierReceipt> Earlier(IngestPlan first) =>
        first.Claims.ToImmutableDictionary(c => c.Identity, c => new EarlierReceipt(c.Content, first.Batch, SampleTenants.Now));

    private static IngestPlan Plan(IReadOnlyList<string> bodies, IReadOnlyDictionary<EventIdentity, EarlierReceipt>? earlier = null) =>
        IngestPlanner.Plan(
            Raw(bodies),
            SampleTenants.Directory,
            SampleTenants.Now,
            earlier: earlier);

    private static RawEvent[] Raw(IReadOnlyList<string> bodies) =>
        [.. bodies.Select((b, i) => new RawEvent(System.Text.Encoding.UTF8.GetBytes(b), i + 1))];
}
