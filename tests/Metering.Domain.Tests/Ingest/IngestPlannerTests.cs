using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using Metering.Testing.Events;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Ingest;

public sealed class IngestPlannerTests
{
    /// <summary>Local days across daylight-saving changes and a skipped day, in the tenant's billing zone.</summary>
    public static TheoryData<string, string, string> LocalDays => new()
    {
        { "paris", "2025-03-29T22:59:59Z", "2025-03-29" },
        { "paris", "2025-03-29T23:00:00Z", "2025-03-30" },
        { "paris", "2025-03-30T00:59:59Z", "2025-03-30" },
        { "paris", "2025-03-30T01:00:00Z", "2025-03-30" },
        { "paris", "2025-03-30T21:59:59Z", "2025-03-30" },
        { "paris", "2025-03-30T22:00:00Z", "2025-03-31" },
        { "paris", "2025-10-25T21:59:59Z", "2025-10-25" },
        { "paris", "2025-10-25T22:00:00Z", "2025-10-26" },
        { "paris", "2025-10-26T00:30:00Z", "2025-10-26" },
        { "paris", "2025-10-26T01:30:00Z", "2025-10-26" },
        { "paris", "2025-10-26T22:59:59Z", "2025-10-26" },
        { "paris", "2025-10-26T23:00:00Z", "2025-10-27" },
        { "paris", "2025-03-30T01:30:00-05:00", "2025-03-30" },
        { "paris", "2025-01-31T23:30:00Z", "2025-02-01" },
        { "saopaulo", "2025-06-01T02:59:59Z", "2025-05-31" },
        { "saopaulo", "2025-06-01T03:00:00Z", "2025-06-01" },
        { "saopaulo", "2018-11-04T02:59:59Z", "2018-11-03" },
        { "saopaulo", "2018-11-04T03:00:00Z", "2018-11-04" },
        { "apia", "2011-12-30T09:59:59Z", "2011-12-29" },
        { "apia", "2011-12-30T10:00:00Z", "2011-12-31" },
        { "acme", "2024-02-29T23:59:59.999999999Z", "2024-02-29" },
        { "acme", "2025-12-01T12:05:00+14:00", "2025-11-30" },
    };

    [Theory]
    [MemberData(nameof(LocalDays))]
    public void Activity_Counts_On_The_Local_Day_Of_The_Tenant_Zone(string tenant, string time, string expectedDay)
    {
        var day = LocalDatePattern.Iso.Parse(expectedDay).Value;

        // The zone changes of 2011 and 2018 are read as a backfill reads them: with a horizon that reaches back to them.
        var plan = IngestPlanner.Plan([Raw(EventJson.Valid(tenant: tenant, time: time), 1)], SampleTenants.Directory, SampleTenants.Now, Duration.FromDays(20 * 366));

        var presence = Assert.Single(plan.Presence);
        Assert.Equal(day.ToYearMonth(), presence.Month);
        Assert.Equal([day], presence.LocalDays());
        Assert.Equal<DayTouch>([new DayTouch(presence.Tenant, day, 1, StoredData.Presence)], plan.Touches);
    }

    // The zones a plan's days were taken in, kept with its batch's marker: one per tenant with an accepted event, and
    // the directory's zone (a batch planned again in the zones of its recording is planned with a directory that has them).
    [Fact]
    public void A_Plan_Names_The_Zone_Of_Each_Tenant_It_Gave_Days_To()
    {
        IReadOnlyList<RawEvent> batch =
        [
            // 17:00 in Paris, 01:00 the next day in Tokyo.
            Raw(EventJson.Valid(tenant: "paris", time: "2025-03-29T16:00:00Z", id: "1"), 1),
            Raw(EventJson.Valid(tenant: "apia", id: "2"), 2),
            Raw(EventJson.Valid(tenant: "saopaulo", source: "/apps/unknown", id: "3"), 3),
        ];

        var plan = IngestPlanner.Plan(batch, SampleTenants.Directory, SampleTenants.Now);
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var again = IngestPlanner.Plan(batch, SampleTenants.Directory.WithZones(new Dictionary<TenantId, DateTimeZone> { [TenantId.Parse("paris")] = tokyo }), SampleTenants.Now);

        Assert.Equal(["apia=Pacific/Apia", "paris=Europe/Paris"], plan.Zones.Select(z => $"{z.Key}={z.Value.Id}"));
        Assert.Equal(["apia=Pacific/Apia", "paris=Asia/Tokyo"], again.Zones.Select(z => $"{z.Key}={z.Value.Id}"));
        Assert.Equal([new LocalDate(2025, 3, 29)], plan.Presence.Single(p => p.Tenant.Value == "paris").LocalDays());
        Assert.Equal([new LocalDate(2025, 3, 30)], again.Presence.Single(p => p.Tenant.Value == "paris").LocalDays());
    }

    // An event counted before in another zone of its tenant (its claim's zone) keeps the day it counted on; an event
    // without such a claim, or with a claim in the tenant's zone of today or none, takes today's zone.
    [Fact]
    public void A_Copy_Claimed_Before_In_Another_Zone_Takes_Its_Day_In_That_Zone()
    {
        IReadOnlyList<RawEvent> batch =
        [
            // 17:00 in Paris, 01:00 the next day in Tokyo.
            Raw(EventJson.Valid(tenant: "paris", time: "2025-03-29T16:00:00Z", id: "1", subject: "claimed-in-tokyo"), 1),
            Raw(EventJson.Valid(tenant: "paris", time: "2025-03-29T16:00:00Z", id: "2", subject: "claimed-in-paris"), 2),
            Raw(EventJson.Valid(tenant: "paris", time: "2025-03-29T16:00:00Z", id: "3", subject: "claimed-without-zone"), 3),
            Raw(EventJson.Valid(tenant: "paris", time: "2025-03-29T16:00:00Z", id: "4", subject: "new"), 4),
        ];
        DateTimeZone?[] zones = [DateTimeZoneProviders.Tzdb["Asia/Tokyo"], DateTimeZoneProviders.Tzdb["Europe/Paris"], null];
        var earlier = Enumerable.Range(0, 3).ToDictionary(
            i => Assert.Single(IngestPlanner.Plan([batch[i]], SampleTenants.Directory, SampleTenants.Now).Claims).Identity,
            i => new EarlierReceipt(IngestPlanner.Plan([batch[i]], SampleTenants.Directory, SampleTenants.Now).Claims[0].Content, new BatchId("first"), SampleTenants.Now, zones[i]));

        var plan = IngestPlanner.Plan(batch, SampleTenants.Directory, SampleTenants.Now, earlier: earlier);

        Assert.Equal(4, plan.Accepted);
        Assert.Equal(
            [("claimed-in-paris", new LocalDate(2025, 3, 29)), ("claimed-in-tokyo", new LocalDate(2025, 3, 30)), ("claimed-without-zone", new LocalDate(2025, 3, 29)), ("new", new LocalDate(2025, 3, 29))],
            plan.Presence.Select(p => (p.Unit.Value, Assert.Single(p.LocalDays()))).Order());
        Assert.Equal([new LocalDate(2025, 3, 29), new LocalDate(2025, 3, 30)], plan.Touches.Select(t => t.Day).Order());
    }

    [Theory]
    [InlineData("user.login", "{}", StoredData.Presence)]
    [InlineData("user.deleted", "{}", StoredData.Facts)]
    [InlineData("session.started", """{"sessionId":"s1"}""", StoredData.Sessions)]
    [InlineData("content.opened", """{"contentId":"book-1","action":"launch"}""", StoredData.Presence | StoredData.Facts)]
    public void A_Touch_Says_What_Its_Events_Wrote(string type, string data, StoredData written)
    {
        var plan = Plan(EventJson.Of(type, data));

        Assert.Equal(1, plan.Accepted);
        Assert.Equal(written, Assert.Single(plan.Touches).Data);
    }

    [Fact]
    public void Presence_Of_A_Unit_Is_Merged_Per_Month_Into_Its_Days()
    {
        var plan = Plan(
            EventJson.Valid(time: "2025-11-01T08:00:00Z", id: "a"),
            EventJson.Valid(time: "2025-11-01T20:00:00Z", id: "b"),
            EventJson.Valid(time: "2025-11-15T08:00:00Z", id: "c"),
            EventJson.Valid(time: "2025-10-31T23:59:59Z", id: "d"));

        Assert.Equal(
            [("2025-10", "user-1", 1u << 30), ("2025-11", "user-1", 1u | (1u << 14))],
            plan.Presence.Select(p => (p.Month.ToString("yyyy-MM", null), p.Unit.Value, p.Days)));
        Assert.Equal([1, 2, 1], plan.Touches.Select(t => t.Events));
    }

    /// <summary>The kind keeps every field a rule may discriminate on (docs/events.md and docs/rules.md, 5: Webex, Spark Flex, Kitaboo).</summary>
    public static TheoryData<string, string, string> Kinds => new()
    {
        { "user.login", "null", "user.login;deployment=cloud" },
        { "app.launched", """{"deployment":"on-premises"}""", "app.launched;deployment=on-premises" },
        { "meeting.hosted", """{"origin":"app","scheduled":false,"space":"one-on-one"}""", "meeting.hosted;deployment=cloud;origin=app;scheduled=false;space=one-on-one" },
        { "meeting.hosted", """{"origin":"pstn","scheduled":true,"space":null,"deployment":"on-premises"}""", "meeting.hosted;deployment=on-premises;origin=pstn;scheduled=true" },
        { "meeting.hosted", """{"origin":"a;b=c%","scheduled":true,"space":"group"}""", "meeting.hosted;deployment=cloud;origin=a%3Bb%3Dc%25;scheduled=true;space=group" },
        { "content.opened", """{"contentId":"book-1","action":"download"}""", "content.opened;action=download" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Activity_Kind_Keeps_Type_And_The_Fields_Rules_Test(string type, string data, string expectedKey)
    {
        var plan = Plan(EventJson.Of(type, data));

        Assert.Equal(expectedKey, Assert.Single(plan.Presence).Kind.Key);
    }

    [Fact]
    public void A_Subject_Written_With_Json_Escapes_Is_The_Same_Unit_As_Written_Plainly()
    {
        var plan = Plan(
            EventJson.Valid(subject: "zoë/a", id: "a"),
            EventJson.Valid(id: "b").With("subject", "\"zo\\u00eb\\/a\""),
            EventJson.Of("user.created", "null", subject: "zoë/a", id: "c"),
            EventJson.Of("user.created", "null", id: "d").With("subject", "\"\\u007ao\u00eb/a\""));

        Assert.Equal(("zoë/a", 1u << 29), (Assert.Single(plan.Presence).Unit.Value, Assert.Single(plan.Presence).Days));
        Assert.Equal(2, Assert.Single(plan.Facts).Facts.Length);
    }

    [Fact]
    public void A_Host_In_Both_Deployments_Has_Two_Presence_Records()
    {
        var plan = Plan(
            EventJson.Of("meeting.hosted", """{"origin":"app","scheduled":true,"space":"group"}""", id: "a"),
            EventJson.Of("meeting.hosted", """{"origin":"app","scheduled":true,"space":"group","deployment":"on-premises"}""", id: "b"));

        Assert.Equal([Deployments.Cloud, Deployments.OnPremises], plan.Presence.Select(p => p.Kind.Deployment));
    }

    [Fact]
    public void Content_Opened_Is_Both_Activity_And_A_User_Fact()
    {
        var plan = Plan(EventJson.Of("content.opened", """{"contentId":"book-1","action":"launch"}"""));

        Assert.Single(plan.Presence);
        var chunk = Assert.Single(plan.Facts);
        Assert.Equal((FactFamily.User, "user-1"), (chunk.Family, chunk.Unit.Value));
        Assert.Equal("book-1", Assert.Single(chunk.Facts).Data.ContentId);
    }

    [Fact]
    public void Sessions_Are_Facts_Of_The_User_With_Their_Session_Id()
    {
        var plan = Plan(EventJson.Of("session.started", """{"sessionId":"s-9"}""", subject: "ann"));

        Assert.Empty(plan.Presence);
        var chunk = Assert.Single(plan.Facts);
        Assert.Equal((FactFamily.Session, "ann"), (chunk.Family, chunk.Unit.Value));
        Assert.Equal("s-9", Assert.Single(chunk.Facts).Data.SessionId);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void Presence_Of_Many_Tenants_Is_Kept_Apart_And_In_Tenant_Order(int tenants)
    {
        // Presence numbers a batch's tenants by searching a short list, and by a table past sixteen of them.
        var names = Enumerable.Range(0, tenants).Select(t => $"t{(t * 7) % tenants:D2}").ToArray();
        var directory = new Metering.Domain.Tenants.TenantDirectory(names.Select(name => SampleTenants.Tenant(name, "Etc/UTC", "/apps/lms")));
        var batch = Enumerable.Range(0, tenants * 3)
            .Select(i => new RawEvent(EventJson.Valid(tenant: names[i % tenants], subject: $"u{i / tenants % 2}", id: $"e{i}").Bytes, i + 1))
            .ToArray();

        var plan = IngestPlanner.Plan(batch, directory, SampleTenants.Now);

        Assert.Equal(
            names.Order(StringComparer.Ordinal).SelectMany(name => new[] { $"{name} u0", $"{name} u1" }),
            plan.Presence.Select(p => $"{p.Tenant} {p.Unit}"));
    }

    [Fact]
    public void Every_Fact_Key_Is_The_Sha256_Of_Its_Source_And_Id_However_Many_The_Batch_Hashes_Together()
    {
        // The planner hashes a batch's keys eight at a time: 43 facts (five groups and three left over), ids of one,
        // two and three SHA-256 blocks, escaped and non-ASCII ones among them, each key as EventKey.Of computes it alone.
        var ids = Enumerable.Range(0, 43).Select(i => i switch
        {
            _ when i % 7 == 3 => $"é-{i}-" + new string('x', i * 3),
            _ => $"{i}-" + new string('k', (i * 5) % 150),
        }).ToArray();
        // Event i happens i seconds past 10:00, so that each fact's time says which id it came from.
        var events = ids.Select((id, i) =>
        {
            var json = EventJson.Valid("user.created", subject: $"user-{i % 5}", time: $"2025-11-30T10:00:{i:D2}Z", id: "placeholder");
            return i % 4 == 1 ? json.With("id", EscapedJson(id)) : json.WithString("id", id);
        }).ToArray();

        var plan = Plan(events);

        var facts = plan.Facts.SelectMany(chunk => chunk.Facts).ToArray();
        Assert.Equal(ids.Length, facts.Length);
        Assert.All(facts, fact => Assert.Equal(EventKey.Of("/apps/lms", ids[fact.Time.InUtc().Second]), fact.Key));
    }

    [Fact]
    public void Facts_Are_Chunked_Per_Unit_And_Local_Day_Sorted_By_Time_Without_Duplicate_Keys()
    {
        var late = EventJson.Valid("user.deactivated", time: "2025-11-30T18:00:00Z", id: "late");
        var early = EventJson.Valid("user.created", time: "2025-11-30T08:00:00Z", id: "early");
        var nextDay = EventJson.Valid("user.activated", time: "2025-12-01T08:00:00Z", id: "next");
        var other = EventJson.Valid("user.created", subject: "user-2", time: "2025-11-30T09:00:00Z", id: "other");

        var plan = Plan(late, early, late, nextDay, other, early);

        Assert.Equal(
            [("user-1", "2025-11-30", new[] { "early", "late" }), ("user-1", "2025-12-01", ["next"]), ("user-2", "2025-11-30", ["other"])],
            plan.Facts.Select(c => (c.Unit.Value, c.Day.ToString("yyyy-MM-dd", null), c.Facts.Select(f => IdOf(f.Key)).ToArray())));
        Assert.Equal(6, plan.Accepted);
    }

    [Fact]
    public void Chunk_Id_Depends_On_The_Set_Of_Keys_Only()
    {
        var a = EventJson.Valid("seat.assigned", id: "a");
        var b = EventJson.Valid("seat.released", time: "2025-11-30T11:00:00Z", id: "b");
        var c = EventJson.Valid("seat.assigned", time: "2025-11-30T12:00:00Z", id: "c");

        var ab = Assert.Single(Plan(a, b).Facts).ChunkId;
        var ba = Assert.Single(Plan(b, a, b).Facts).ChunkId;
        var abc = Assert.Single(Plan(a, b, c).Facts).ChunkId;

        Assert.Equal(ab, ba);
        Assert.NotEqual(ab, abc);
        Assert.Matches("^[0-9a-f]{16}$", ab);
    }

    [Fact]
    public void A_Reused_Key_Keeps_The_Same_Fact_Whatever_The_Order()
    {
        var first = EventJson.Valid("user.suspended", time: "2025-11-30T08:00:00Z", id: "same");
        var second = EventJson.Valid("user.unsuspended", time: "2025-11-30T08:00:00Z", id: "same");

        var one = Assert.Single(Assert.Single(Plan(first, second).Facts).Facts);
        var other = Assert.Single(Assert.Single(Plan(second, first).Facts).Facts);

        Assert.Equal(one, other);
    }

    [Fact]
    public void Batch_Id_Is_The_Same_For_The_Same_Bodies_In_Any_Order()
    {
        var a = EventJson.Valid(id: "a");
        var b = EventJson.Valid(id: "b");

        var ab = Plan(a, b).Batch;

        Assert.Matches("^[0-9a-f]{32}$", ab.Value);
        Assert.Equal(ab, Plan(b, a).Batch);
        Assert.NotEqual(ab, Plan(a, b, b).Batch);
        Assert.NotEqual(ab, Plan(a).Batch);
    }

    [Fact]
    public void Rejected_Events_Keep_Input_Order_And_Every_Event_Is_Counted_Once()
    {
        RawEvent[] batch =
        [
            Raw(EventJson.Valid(id: "a"), 1),
            new RawEvent("not json"u8.ToArray(), 2),
            Raw(EventJson.Valid(id: "b"), 3),
            Raw(EventJson.Valid("user.logout"), 4),
            new RawEvent(EventJson.Valid().Bytes, 5) { OriginalLength = 2_000_000 },
            new RawEvent(EventJson.Valid().Bytes, 6) { IsBatchRemainder = true },
        ];

        var plan = IngestPlanner.Plan(batch, SampleTenants.Directory, SampleTenants.Now);

        Assert.Equal((6, 2), (plan.Received, plan.Accepted));
        Assert.Equal(
            [(2L, RejectionReason.MalformedJson), (4, RejectionReason.UnknownType), (5, RejectionReason.EventTooLarge), (6, RejectionReason.MalformedBatch)],
            plan.Rejected.Select(r => (r.Event.Position, r.Reason)));
        Assert.Same(batch[1], plan.Rejected[0].Event);
    }

    [Fact]
    public void An_Empty_Batch_Plans_Nothing()
    {
        var plan = IngestPlanner.Plan([], SampleTenants.Directory, SampleTenants.Now);

        Assert.Equal((0, 0), (plan.Received, plan.Accepted));
        Assert.True(plan.Presence.IsEmpty && plan.Facts.IsEmpty && plan.Touches.IsEmpty && plan.Rejected.IsEmpty);
    }

    [Fact]
    public void Shuffled_Batches_Give_Equal_Plans_And_Duplicates_Change_No_Write()
    {
        Gen.Select(SampleEvents.Batch, Gen.Int[0, 1_000_000]).Sample((bodies, seed) =>
        {
            var random = new Random(seed);
            var shuffled = bodies.OrderBy(_ => random.Next()).ToArray();
            var duplicated = shuffled.Concat(shuffled.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToArray();

            var plan = PlanBodies(bodies);
            var again = PlanBodies(shuffled);
            var redelivered = PlanBodies(duplicated);

            Assert.Equal(plan.Batch, again.Batch);
            Assert.Equal((plan.Received, plan.Accepted), (again.Received, again.Accepted));
            Assert.Equal(Writes(plan), Writes(again));
            Assert.Equal<DayTouch>(plan.Touches, again.Touches);
            Assert.Equal(
                plan.Rejected.Select(r => Encoding.UTF8.GetString(r.Event.Body.Span)).Order(StringComparer.Ordinal),
                again.Rejected.Select(r => Encoding.UTF8.GetString(r.Event.Body.Span)).Order(StringComparer.Ordinal));
            Assert.Equal(Writes(plan), Writes(redelivered));
            Assert.Equal(redelivered.Received, redelivered.Accepted + redelivered.Rejected.Length);
        }, iter: 200);
    }

    [Fact]
    public void A_Batch_Plans_The_Same_Whatever_Batches_Were_Planned_Before()
    {
        // The planner reuses its working tables from one batch to the next, on any thread (PlannerScratch).
        Gen.Select(SampleEvents.Batch, SampleEvents.Batch).Sample((before, batch) =>
        {
            // Planned on a thread of its own, with whatever tables the process kept.
            IngestPlan? planned = null;
            var fresh = new Thread(() => planned = PlanBodies(batch));
            fresh.Start();
            fresh.Join();
            var alone = planned!;

            PlanBodies(before);
            var after = PlanBodies(batch);

            Assert.Equal(alone.Batch, after.Batch);
            Assert.Equal(Writes(alone), Writes(after));
            Assert.Equal<DayTouch>(alone.Touches, after.Touches);
            Assert.Equal(alone.Rejected.Select(r => r.Event.Position), after.Rejected.Select(r => r.Event.Position));
        }, iter: 100);
    }

    [Fact]
    public void Batches_Planned_At_Once_On_Many_Threads_Plan_As_They_Do_One_After_Another()
    {
        // The process keeps the planner's tables for any thread: plannings running at once must each have their own.
        SampleEvents.Batch.List[8, 16].Sample(batches =>
        {
            var alone = batches.Select(PlanBodies).ToArray();
            var together = new IngestPlan[batches.Count];
            Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => together[i] = PlanBodies(batches[i]));

            for (var i = 0; i < batches.Count; i++)
            {
                Assert.Equal(alone[i].Batch, together[i].Batch);
                Assert.Equal(Writes(alone[i]), Writes(together[i]));
                Assert.Equal<DayTouch>(alone[i].Touches, together[i].Touches);
                Assert.Equal<EventClaim>(alone[i].Claims, together[i].Claims);
            }
        }, iter: 30);
    }

    [Fact]
    public void A_Batch_Merges_Presence_And_Claims_As_Its_Events_Planned_One_By_One_Do()
    {
        // The batch's presence comes from sorting packed (head, unit, day) words and its claims from sorting keys; a
        // batch of one event has nothing to merge, so merging by hand the one-event plans of the events the batch
        // counted (a reused id's other copies are rejected) is an independent model.
        SampleEvents.Batch.Sample(bodies =>
        {
            var plan = PlanBodies(bodies);
            var rejected = plan.Rejected.Select(r => r.Event.Position).ToHashSet();
            var alone = bodies.Where((_, i) => !rejected.Contains(i + 1)).Select(body => PlanBodies([body])).ToArray();

            var presence = alone.SelectMany(p => p.Presence)
                .GroupBy(p => (p.Tenant, p.Month, p.Kind.Key, p.Unit))
                .Select(g => $"{g.Key.Tenant} {g.Key.Month} {g.Key.Key} {g.Key.Unit} {g.Aggregate(0u, (days, p) => days | p.Days)}")
                .Order(StringComparer.Ordinal);
            Assert.Equal(presence, plan.Presence.Select(p => $"{p.Tenant} {p.Month} {p.Kind.Key} {p.Unit} {p.Days}").Order(StringComparer.Ordinal));

            var claims = alone.SelectMany(p => p.Claims).Distinct().Select(c => $"{c.Identity.Tenant} {c.Identity.KeyText} {c.Content}");
            Assert.Equal(claims.Order(StringComparer.Ordinal), plan.Claims.Select(c => $"{c.Identity.Tenant} {c.Identity.KeyText} {c.Content}").Order(StringComparer.Ordinal));
        }, iter: 100);
    }

    [Fact]
    public void Every_Output_Is_In_Ordinal_Order()
    {
        SampleEvents.Batch.Sample(bodies =>
        {
            var plan = PlanBodies(bodies);

            AssertOrdered(plan.Presence, p => (p.Tenant.Value, (p.Month.Year * 100) + p.Month.Month, p.Kind.Key, p.Unit.Value, 0));
            AssertOrdered(plan.Facts, c => (c.Tenant.Value, (int)c.Family, c.Unit.Value, string.Empty, DayNumber(c.Day)));
            AssertOrdered(plan.Touches, t => (t.Tenant.Value, DayNumber(t.Day), string.Empty, string.Empty, 0));
            Assert.All(plan.Facts, c => AssertOrdered(c.Facts, f => (string.Empty, 0, string.Empty, string.Empty, 0), f => (f.Time, f.Key)));
        }, iter: 200);
    }

    private static int DayNumber(LocalDate day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;

    private static void AssertOrdered<T>(IReadOnlyList<T> items, Func<T, (string, int, string, string, int)> key, Func<T, (Instant, EventKey)>? byTime = null)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (byTime is not null)
            {
                var (t0, k0) = byTime(items[i - 1]);
                var (t1, k1) = byTime(items[i]);
                Assert.True(t0 < t1 || (t0 == t1 && k0.CompareTo(k1) < 0), $"facts {i - 1} and {i} are out of (time, key) order");
                continue;
            }

            var (a1, a2, a3, a4, a5) = key(items[i - 1]);
            var (b1, b2, b3, b4, b5) = key(items[i]);
            var order = string.CompareOrdinal(a1, b1);
            order = order != 0 ? order : a2.CompareTo(b2);
            order = order != 0 ? order : string.CompareOrdinal(a3, b3);
            order = order != 0 ? order : string.CompareOrdinal(a4, b4);
            order = order != 0 ? order : a5.CompareTo(b5);
            Assert.True(order < 0, $"items {i - 1} and {i} are out of order or repeated");
        }
    }

    private static IngestPlan Plan(params EventJson[] events) =>
        IngestPlanner.Plan([.. events.Select((e, i) => Raw(e, i + 1))], SampleTenants.Directory, SampleTenants.Now);

    private static IngestPlan PlanBodies(IReadOnlyList<string> bodies) =>
        IngestPlanner.Plan([.. bodies.Select((b, i) => new RawEvent(Encoding.UTF8.GetBytes(b), i + 1))], SampleTenants.Directory, SampleTenants.Now);

    private static RawEvent Raw(EventJson json, long position) => new(json.Bytes, position);

    /// <summary>A JSON string of <paramref name="text"/> with every character escaped as <c>\uXXXX</c>.</summary>
    private static string EscapedJson(string text) =>
        "\"" + string.Concat(text.Select(c => $"\\u{(int)c:x4}")) + "\"";

    /// <summary>What storage would write, as comparable text: presence rows and fact chunks with their keys and times.</summary>
    private static string[] Writes(IngestPlan plan) =>
    [
        .. plan.Presence.Select(p => $"P {p.Tenant} {p.Month} {p.Kind.Key} {p.Unit} {p.Days}"),
        .. plan.Facts.Select(c => $"F {c.Tenant} {c.Family} {c.Unit} {c.Day} {c.ChunkId} "
            + string.Join(",", c.Facts.Select(f => $"{f.Key}@{f.Time}:{f.Type}:{f.Data.SessionId}{f.Data.ContentId}"))),
    ];

    private static readonly Dictionary<EventKey, string> KnownIds = Enumerable.Range(0, 64)
        .Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Concat(["a", "b", "c", "early", "late", "next", "other", "same", "evt-1"])
        .ToDictionary(id => EventKey.Of("/apps/lms", id));

    private static string IdOf(EventKey key) => KnownIds[key];
}
