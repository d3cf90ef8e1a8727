using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Composition;
using Metering.Hosting.Settings;
using Metering.Pipeline.Ingest;
using Metering.Pipeline.Retries;
using Metering.Pipeline.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Archive;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Metering.Testing.Faults;
using Metering.Testing.Logging;
using Metering.Testing.Pipelines;
using Metering.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Storage.Tests.Pipeline;

/// <summary>The handler end to end on Azurite. These tests need the real planner (IngestPlanner.Plan).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IngestHandlerTests(AzuriteFixture azurite)
{
    private const string Source = "app://crm";
    private static readonly Instant Now = Instant.FromUtc(2024, 4, 1, 0, 0);

    private static readonly string[] HostileSubjects =
    [
        "a/b", @"dom\user", "#hash", "what?", "100%", "pipe|pipe", "first last", "Zoë Ünïcødé", "ユーザー", "😀 emoji",
        new string('x', 256), string.Concat(Enumerable.Repeat("/\\#?%|", 42)) + "ab", "  leading and trailing  ",
    ];

    private static List<byte[]> GoodEvents() =>
    [
        CloudEvents.Body("1", Source, "acme", "user.login", "alice", "2024-03-05T12:00:00Z"),
        CloudEvents.Body("2", Source, "acme", "user.login", "alice", "2024-03-05T13:00:00Z"),
        CloudEvents.Body("3", Source, "acme", "app.launched", "bob", "2024-03-06T12:00:00Z", "{\"deployment\":\"on-premises\"}"),
        CloudEvents.Body("4", Source, "acme", "user.created", "alice", "2024-03-01T08:00:00Z", "{\"accountType\":\"person\",\"roles\":[\"admin\"]}"),
        CloudEvents.Body("5", Source, "acme", "session.started", "bob", "2024-03-06T12:00:00Z", "{\"sessionId\":\"s1\"}"),
        CloudEvents.Body("6", Source, "acme", "session.ended", "bob", "2024-03-06T12:40:00Z", "{\"sessionId\":\"s1\"}"),
        // 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time began that night).
        CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z"),
        CloudEvents.Body("8", Source, "globex", "user.login", "alice", "2024-03-05T12:00:00Z"),
    ];

    [Fact]
    public async Task Redelivered_And_Shuffled_Batches_Leave_Identical_State()
    {
        var batch = CloudEvents.Batch(GoodEvents());
        var reference = await CreateAsync();
        var redelivered = await CreateAsync();
        var shuffled = await CreateAsync();

        await reference.Handler.HandleAsync(batch, default);
        await redelivered.Handler.HandleAsync(batch, default);
        var again = await redelivered.Handler.HandleAsync(batch, default);
        await shuffled.Handler.HandleAsync(CloudEvents.Batch(GoodEvents().AsEnumerable().Reverse()), default);

        var expected = await SnapshotAsync(reference.Account);
        Assert.Equal(expected.Text, (await SnapshotAsync(redelivered.Account)).Text);
        Assert.Equal(expected.Text, (await SnapshotAsync(shuffled.Account)).Text);
        Assert.Equal(1, again.SkippedAsRedelivered);
        Assert.Equal(0, again.EntitiesWritten);
        // One marker read: a batch recorded whole claims nothing again (docs/operations.md).
        Assert.Equal(1, again.StorageRequests);
        // Counted once, on the first receipt: the redelivered events are reported apart, so reports add up.
        Assert.Equal((batch.Count, 0L, batch.Count, 0L, 0L), (again.Received, again.Accepted, again.AlreadyRecorded, again.DeadLetteredTotal, again.LateEvents));
    }

    [Fact]
    public async Task A_Resent_Batch_Whose_Every_Event_Was_Dead_Lettered_Is_Reported_As_Already_Recorded()
    {
        var (handler, account, _) = await CreateAsync();
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("1", "app://nobody", "acme", "user.login", "alice", "2024-03-05T12:00:00Z"),
            CloudEvents.Body("2", Source, "initech", "user.login", "bob", "2024-03-05T12:00:00Z"),
        ]);

        var first = await handler.HandleAsync(batch, Now, default);
        var again = await handler.HandleAsync(batch, Now, default);

        Assert.Equal((2L, 0L, 2L, 0L), (first.Received, first.Accepted, first.DeadLetteredTotal, first.AlreadyRecorded));
        Assert.Equal((2L, 0L, 0L, 2L, 1), (again.Received, again.Accepted, again.DeadLetteredTotal, again.AlreadyRecorded, again.SkippedAsRedelivered));
        Assert.Contains("batches ", (await SnapshotAsync(account)).Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The dead letters are kept per UTC day of receipt, and the usage report sums them per day: a batch delivered again
    /// on a later day, already recorded whole, files its rejected events no second time.
    /// </summary>
    [Fact]
    public async Task A_Batch_Delivered_Again_On_Another_Day_Is_Dead_Lettered_Once()
    {
        var (handler, account, _) = await CreateAsync();
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("1", "app://nobody", "acme", "user.login", "alice", "2024-03-05T12:00:00Z"),
            CloudEvents.Body("2", Source, "acme", "user.login", "bob", "2024-03-05T12:00:00Z"),
        ]);

        await handler.HandleAsync(batch, Now, default);
        var firstDays = await BlobDaysAsync(account, account.Names.DeadLetter);
        var again = await handler.HandleAsync(batch, Now.Plus(Duration.FromDays(1)), default);

        Assert.Single(firstDays);
        Assert.Equal(1, again.SkippedAsRedelivered);
        Assert.Equal(firstDays, await BlobDaysAsync(account, account.Names.DeadLetter));
    }

    // The same, for a batch one of whose ids an earlier batch claimed with other content: its marker names the plan
    // without that copy, which a delivery again must find too.
    [Fact]
    public async Task A_Batch_With_A_Reused_Id_Delivered_Again_On_Another_Day_Is_Dead_Lettered_Once()
    {
        var (handler, account, _) = await CreateAsync();
        await handler.HandleAsync(CloudEvents.Batch([CloudEvents.Body("1", Source, "acme", "user.login", "alice", "2024-03-05T12:00:00Z")]), Now, default);
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("1", Source, "acme", "user.login", "mallory", "2024-03-05T12:00:00Z"),
            CloudEvents.Body("2", Source, "acme", "user.login", "bob", "2024-03-05T12:00:00Z"),
        ]);

        var first = await handler.HandleAsync(batch, Now.Plus(Duration.FromMinutes(5)), default);
        var firstDays = await BlobDaysAsync(account, account.Names.DeadLetter);
        var again = await handler.HandleAsync(batch, Now.Plus(Duration.FromDays(1)), default);

        Assert.Equal(1L, first.DeadLettered[RejectionReason.ConflictingDuplicate]);
        Assert.Single(firstDays);
        Assert.Equal(1, again.SkippedAsRedelivered);
        Assert.Equal(firstDays, await BlobDaysAsync(account, account.Names.DeadLetter));
    }

    [Fact]
    public async Task Duplicates_And_Batches_Out_Of_Order_Record_The_Same_Activity_And_Facts()
    {
        var events = GoodEvents();
        var reference = await CreateAsync();
        var duplicated = await CreateAsync();
        var reordered = await CreateAsync();

        await reference.Handler.HandleAsync(CloudEvents.Batch(events), default);
        await duplicated.Handler.HandleAsync(CloudEvents.Batch(events.Concat(events.Take(5)).Concat(events.Skip(3))), default);
        await reordered.Handler.HandleAsync(CloudEvents.Batch(events.Skip(4)), default);
        await reordered.Handler.HandleAsync(CloudEvents.Batch(events.Take(4)), default);
        await reordered.Handler.HandleAsync(CloudEvents.Batch(events.Take(2)), default);

        // Batch markers and event claims name their batch, so only what the rules read is compared.
        var expected = await ActivitySnapshotAsync(reference.Account);
        Assert.Equal(expected.Text, (await ActivitySnapshotAsync(duplicated.Account)).Text);
        Assert.Equal(expected.Text, (await ActivitySnapshotAsync(reordered.Account)).Text);
    }

    [Fact]
    public async Task Activity_Is_Kept_Per_Local_Day_Of_The_Tenant_Zone()
    {
        var (handler, _, services) = await CreateAsync();

        await handler.HandleAsync(CloudEvents.Batch(GoodEvents()), default);
        var reader = services.GetRequiredService<IActivityReader>();
        var april = await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 4), default));

        var carol = Assert.Single(april);
        Assert.Equal("carol", carol.Unit.Value);
        Assert.Equal([new LocalDate(2024, 4, 1)], carol.LocalDays());
    }

    // The zone that gave a batch's local days is kept in its marker: the batch delivered again (or replayed) after its
    // tenant's zone changed is planned in that zone again, so its events keep their days and count once. In UTC,
    // carol's login would fall on 31 March, a second month.
    [Fact]
    public async Task A_Batch_Delivered_Again_After_Its_Tenants_Zone_Changed_Keeps_Its_Days_And_Counts_Once()
    {
        var (handler, _, services) = await CreateAsync();
        var batch = CloudEvents.Batch([CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z")]);
        await handler.HandleAsync(batch, Now, default);

        await ChangeZonesAsync(services, "UTC");
        var again = await handler.HandleAsync(batch, Now.Plus(Duration.FromDays(1)), default);

        Assert.Equal((1, 0L, 0L), (again.SkippedAsRedelivered, again.Accepted, again.EntitiesWritten));
        Assert.Empty(await DaysAsync(services, "acme", 2024, 3));
        Assert.Equal(["carol 2024-04-01"], await DaysAsync(services, "acme", 2024, 4));
    }

    // A producer that sends an event again in another batch after the tenant's zone changed: the event's claim kept the
    // zone it counted in, so the copy keeps its day (1 April in Berlin) and counts once, while a new event of the same
    // batch takes the zone of today. In UTC, carol's login would fall on 31 March, a second month.
    [Fact]
    public async Task An_Event_Sent_Again_In_Another_Batch_After_Its_Tenants_Zone_Changed_Keeps_Its_Day_And_Counts_Once()
    {
        var (handler, _, services) = await CreateAsync();
        var carol = CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z");
        await handler.HandleAsync(CloudEvents.Batch([carol]), Now, default);

        await ChangeZonesAsync(services, "UTC");
        var resent = await handler.HandleAsync(
            CloudEvents.Batch([carol, CloudEvents.Body("8", Source, "acme", "user.login", "dave", "2024-03-31T22:40:00Z")]),
            Now.Plus(Duration.FromDays(1)),
            default);
        var again = await handler.HandleAsync(
            CloudEvents.Batch([carol, CloudEvents.Body("8", Source, "acme", "user.login", "dave", "2024-03-31T22:40:00Z")]),
            Now.Plus(Duration.FromDays(1)),
            default);

        Assert.Equal((0, 2L), (resent.SkippedAsRedelivered, resent.Accepted));
        Assert.Equal(1, again.SkippedAsRedelivered);
        Assert.Equal(["dave 2024-03-31"], await DaysAsync(services, "acme", 2024, 3));
        Assert.Equal(["carol 2024-04-01"], await DaysAsync(services, "acme", 2024, 4));
    }

    // A batch that claimed its events and failed before its marker, claims digested by another build (its own claim is
    // its own whatever its digest), delivered again after the zone changed: its event keeps its day and is not taken
    // for a reuse of itself.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Batch_Whose_Own_Claim_Has_Another_Digest_Is_Accepted_Across_A_Zone_Change(bool zoneChanged)
    {
        var (handler, _, services) = await CreateAsync();
        var batch = CloudEvents.Batch([CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z")]);
        var plan = IngestPlanner.Plan(batch, await services.GetRequiredService<ITenantRegistry>().LoadAsync(default), Now);
        var claim = Assert.Single(plan.Claims);
        await services.GetRequiredService<IEventClaimStore>().ClaimAsync(
            plan.Batch, Now, [claim with { Content = new ContentDigest(claim.Content.Value ^ 1) }], plan.Zones, default);
        if (zoneChanged)
        {
            await ChangeZonesAsync(services, "UTC");
        }

        var result = await handler.HandleAsync(batch, Now, default);

        Assert.Equal((1L, 0L), (result.Accepted, result.DeadLetteredTotal));
        Assert.Equal(["carol 2024-04-01"], await DaysAsync(services, "acme", 2024, 4));
    }

    // A batch planned again for an event claimed in another zone was still planned in its tenant's zone of then, and its
    // marker says so: replayed after a further change and a source registered, the event it could not count then takes
    // that zone's day (31 March in UTC), not today's (1 April in Tokyo), as the rest of a batch does.
    [Fact]
    public async Task A_Batch_Planned_Again_From_A_Claims_Zone_Keeps_Its_Own_Zone_In_Its_Marker()
    {
        var (handler, _, services) = await CreateAsync();
        const string Late = "app://late";
        var carol = CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z");
        await handler.HandleAsync(CloudEvents.Batch([carol]), Now, default);
        await ChangeZonesAsync(services, "UTC");
        var batch = CloudEvents.Batch([carol, CloudEvents.Body("8", Late, "acme", "user.login", "xavier", "2024-03-31T22:40:00Z")]);
        var first = await handler.HandleAsync(batch, Now.Plus(Duration.FromHours(1)), default);

        await ChangeZonesAsync(services, "Asia/Tokyo", Late);
        var replayed = await handler.ReplayAsync(batch, Now.Plus(Duration.FromHours(1)), default);

        Assert.Equal((1L, 1L), (first.Accepted, first.DeadLetteredTotal));
        Assert.Equal(2L, replayed.Accepted);
        Assert.Equal(["xavier 2024-03-31"], await DaysAsync(services, "acme", 2024, 3));
        Assert.Equal(["carol 2024-04-01"], await DaysAsync(services, "acme", 2024, 4));
    }

    // A replay after a source was registered records the events that were dead-lettered, in the zone of the batch's
    // first recording (the days its other events have), and counts the events recorded then no second time. A tenant the
    // batch recorded nothing for takes its zone of today.
    [Fact]
    public async Task A_Replay_After_A_Zone_Change_And_A_Source_Registered_Records_Only_The_New_Events_In_The_Batchs_Zones()
    {
        var (handler, _, services) = await CreateAsync();
        const string Late = "app://late";
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T16:00:00Z"),
            CloudEvents.Body("8", Late, "acme", "user.login", "dave", "2024-03-31T16:10:00Z"),
            CloudEvents.Body("9", Late, "globex", "user.login", "erin", "2024-03-31T16:10:00Z"),
        ]);
        var first = await handler.HandleAsync(batch, Now, default);

        // 16:00 UTC on 31 March is 18:00 that day in Berlin, but 01:00 on 1 April in Tokyo.
        await ChangeZonesAsync(services, "Asia/Tokyo", Late);
        var replayed = await handler.ReplayAsync(batch, Now, default);

        Assert.Equal((1L, 2L), (first.Accepted, first.DeadLetteredTotal));
        Assert.Equal((0, 3L, 0L), (replayed.SkippedAsRedelivered, replayed.Accepted, replayed.DeadLetteredTotal));
        Assert.Equal(["carol 2024-03-31", "dave 2024-03-31"], await DaysAsync(services, "acme", 2024, 3));
        Assert.Empty(await DaysAsync(services, "acme", 2024, 4));

        // globex had no event recorded by the first receipt: erin takes its zone of today.
        Assert.Empty(await DaysAsync(services, "globex", 2024, 3));
        Assert.Equal(["erin 2024-04-01"], await DaysAsync(services, "globex", 2024, 4));
    }

    // A recording that accepted nothing for a tenant (its source unlisted for a while) keeps the zone an earlier
    // recording gave it: when the source is listed again after the zone changed, carol keeps her day.
    [Fact]
    public async Task A_Recording_That_Accepts_Nothing_For_A_Tenant_Keeps_The_Zone_An_Earlier_One_Gave_It()
    {
        var (handler, _, services) = await CreateAsync();
        var batch = CloudEvents.Batch([CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z")]);
        await handler.HandleAsync(batch, Now, default);
        await ReplaceTenantsAsync(services, t => t.Id.Value == "acme" ? t with { Sources = ImmutableSortedSet.Create(StringComparer.Ordinal, "app://another") } : t);

        var unlisted = await handler.ReplayAsync(batch, Now, default);
        await ChangeZonesAsync(services, "UTC", Source);
        var listedAgain = await handler.ReplayAsync(batch, Now, default);

        Assert.Equal((0L, 1L), (unlisted.Accepted, unlisted.DeadLetteredTotal));
        Assert.Equal(1L, listedAgain.Accepted);
        Assert.Empty(await DaysAsync(services, "acme", 2024, 3));
        Assert.Equal(["carol 2024-04-01"], await DaysAsync(services, "acme", 2024, 4));
    }

    // A batch recorded before filed its rejections then; what another plan of it rejects now was counted then (here its
    // source was unlisted since). A replay of the same receipt files no dead letter: the event counted is not rejected.
    [Fact]
    public async Task A_Replay_After_A_Source_Was_Removed_Files_No_Dead_Letter_For_An_Event_Counted_Before()
    {
        var (handler, account, services) = await CreateAsync();
        var batch = CloudEvents.Batch([CloudEvents.Body("7", Source, "acme", "user.login", "carol", "2024-03-05T12:00:00Z")]);
        await handler.HandleAsync(batch, Now, default);
        await ReplaceTenantsAsync(services, t => t.Id.Value == "acme" ? t with { Sources = ImmutableSortedSet.Create(StringComparer.Ordinal, "app://another") } : t);

        var replayed = await handler.ReplayAsync(batch, Now, default);

        Assert.Equal(1L, replayed.DeadLettered[RejectionReason.UnregisteredSource]);
        var letters = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter);
        Assert.True(!await letters.ExistsAsync() || (await BlobDaysAsync(account, account.Names.DeadLetter)).Count == 0);
        Assert.Equal(["carol"], (await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default))).Select(r => r.Unit.Value));
    }

    // The zones are found before the claims: a batch with a reused id, delivered again after the zone changed, is planned
    // in its recorded zone, finds the conflict again, and is recognised by the marker of its second plan.
    [Fact]
    public async Task A_Batch_With_A_Reused_Id_Delivered_Again_After_A_Zone_Change_Counts_Once()
    {
        var (handler, _, services) = await CreateAsync();
        await handler.HandleAsync(CloudEvents.Batch([CloudEvents.Body("1", Source, "acme", "user.login", "alice", "2024-03-05T12:00:00Z")]), Now, default);
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("1", Source, "acme", "user.login", "mallory", "2024-03-05T12:00:00Z"),
            CloudEvents.Body("2", Source, "acme", "user.login", "carol", "2024-03-31T22:30:00Z"),
        ]);
        var first = await handler.HandleAsync(batch, Now.Plus(Duration.FromMinutes(5)), default);

        await ChangeZonesAsync(services, "UTC");
        var again = await handler.HandleAsync(batch, Now.Plus(Duration.FromDays(1)), default);

        Assert.Equal(1L, first.DeadLettered[RejectionReason.ConflictingDuplicate]);
        Assert.Equal(1, again.SkippedAsRedelivered);
        var march = await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default));
        Assert.Equal(["alice"], march.Select(r => r.Unit.Value));
    }

    [Fact]
    public async Task Hostile_Subjects_Round_Trip_Through_Storage()
    {
        var (handler, _, services) = await CreateAsync();
        var bodies = HostileSubjects.Select((s, i) => CloudEvents.Body("h" + i, Source, "acme", "user.activity", s, "2024-03-10T12:00:00Z")).ToList();

        var result = await handler.HandleAsync(CloudEvents.Batch(bodies), default);
        var units = (await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default)))
            .Select(p => p.Unit.Value);

        Assert.Equal(HostileSubjects.Length, result.Accepted);
        Assert.Equal(HostileSubjects.Order(StringComparer.Ordinal), units.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_Events_Are_Dead_Lettered_Byte_For_Byte_With_Their_Reasons_And_Positions_And_The_Good_Ones_Recorded()
    {
        var (handler, account, _) = await CreateAsync();
        var good = GoodEvents();
        byte[] malformed = "{\"specversion\":\"1.0\",\"id\":"u8.ToArray();
        var unknownType = CloudEvents.Body("u", Source, "acme", "user.teleported", "alice", "2024-03-05T12:00:00Z");
        var unregistered = CloudEvents.Body("r", "app://evil", "acme", "user.login", "mallory", "2024-03-05T12:00:00Z");
        var future = CloudEvents.Body("f", Source, "acme", "user.login", "alice", "2024-04-01T00:10:00Z");
        var tooLong = CloudEvents.Body("l", Source, "acme", "user.login", new string('x', 257), "2024-03-05T12:00:00Z");
        var bodies = new List<byte[]> { good[0], malformed, good[1], unknownType, unregistered, good[2], future, tooLong };
        var batch = CloudEvents.Batch(bodies);

        var result = await handler.HandleAsync(batch, default);

        Assert.Equal(8, result.Received);
        Assert.Equal(3, result.Accepted);
        Assert.Equal(
            new Dictionary<string, long>
            {
                [RejectionReason.MalformedJson] = 1, [RejectionReason.UnknownType] = 1, [RejectionReason.UnregisteredSource] = 1,
                [RejectionReason.FutureTime] = 1, [RejectionReason.SubjectTooLong] = 1,
            },
            result.DeadLettered);
        var container = account.Blobs.GetBlobContainerClient(account.Names.DeadLetter);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            blobs.Add(blob.Name);
        }

        var name = Assert.Single(blobs);
        Assert.StartsWith("2024/04/01/", name, StringComparison.Ordinal);
        var lines = (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2L, 4, 5, 7, 8], lines.Select(l => l.GetProperty("position").GetInt64()));
        Assert.Equal([malformed, unknownType, unregistered, future, tooLong], lines.Select(l => l.GetProperty("body").GetBytesFromBase64()));
        Assert.Equal(
            [RejectionReason.MalformedJson, RejectionReason.UnknownType, RejectionReason.UnregisteredSource, RejectionReason.FutureTime, RejectionReason.SubjectTooLong],
            lines.Select(l => l.GetProperty("reasons")[0].GetProperty("code").GetString()));
        Assert.All(lines, l => Assert.All(l.GetProperty("reasons").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetString()))));
    }

    // docs/events.md, "Time": the oldest-event horizon is the deployment's (Ingest:MaxEventAgeDays); an event beyond it
    // is dead-lettered as too-old with its bytes, and the good events of its batch are recorded.
    [Fact]
    public async Task An_Event_Older_Than_The_Deployments_Horizon_Is_Dead_Lettered_As_Too_Old_And_The_Rest_Of_Its_Batch_Is_Recorded()
    {
        await using var pipeline = await TestPipeline.On(azurite)
            .StartingAt(Now)
            .WithSettings(s => s with { MaximumEventAge = Duration.FromDays(30) })
            .WithTenant("acme", "Europe/Berlin", Source)
            .BuildAsync();
        var oldest = CloudEvents.Body("old-enough", Source, "acme", "user.login", "ann", "2024-03-02T00:00:00Z");
        var tooOld = CloudEvents.Body("too-old", Source, "acme", "user.login", "bob", "2024-03-01T23:59:59Z");
        var year1 = CloudEvents.Body("year-1", Source, "acme", "user.login", "cy", "0001-01-01T00:00:00Z");

        var result = await pipeline.IngestAsync(Now, oldest, tooOld, year1);

        Assert.Equal((3L, 1L, 2L), (result.Received, result.Accepted, result.DeadLettered[RejectionReason.TooOld]));
        var units = (await ToListAsync(pipeline.Services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default)))
            .Select(p => p.Unit.Value);
        Assert.Equal(["ann"], units);
        var container = pipeline.Account.Blobs.GetBlobContainerClient(pipeline.Account.Names.DeadLetter);
        var lines = new List<JsonElement>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            lines.AddRange((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement));
        }

        Assert.Equal([tooOld, year1], lines.Select(l => l.GetProperty("body").GetBytesFromBase64()));
        Assert.All(lines, l => Assert.Equal(RejectionReason.TooOld, l.GetProperty("reasons")[0].GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData(3, FaultKind.ServiceUnavailable, false)]
    [InlineData(5, FaultKind.IOException, true)]
    [InlineData(8, FaultKind.ServiceUnavailable, true)]
    public async Task A_Storage_Fault_Mid_Batch_Throws_And_Handling_The_Batch_Again_Ends_In_The_Fault_Free_State(int failingRequest, FaultKind kind, bool afterServer)
    {
        var batch = CloudEvents.Batch(GoodEvents().Concat(HostileSubjects.Select((s, i) => CloudEvents.Body("h" + i, Source, "acme", "user.activity", s, "2024-03-10T12:00:00Z"))));
        var reference = await CreateAsync();
        await reference.Handler.HandleAsync(batch, default);
        var injector = FaultInjector.FailNth(failingRequest, kind, afterServer);
        injector.Enabled = false;
        var faulty = await CreateAsync(policies: injector);
        injector.Enabled = true;

        await Assert.ThrowsAnyAsync<Exception>(() => faulty.Handler.HandleAsync(batch, default));
        await faulty.Handler.HandleAsync(batch, default);

        Assert.Equal(1, injector.Faults);
        Assert.Equal((await SnapshotAsync(reference.Account)).Text, (await SnapshotAsync(faulty.Account)).Text);
    }

    [Fact]
    public async Task Wrapped_In_RetryForever_A_Batch_Is_Recorded_Despite_Faults()
    {
        var batch = CloudEvents.Batch(GoodEvents());
        var reference = await CreateAsync();
        await reference.Handler.HandleAsync(batch, default);
        var injector = FaultInjector.FailWhen(m => m.Request.Method != RequestMethod.Get, FaultKind.ServiceUnavailable, maxFaults: 3);
        injector.Enabled = false;
        var faulty = await CreateAsync(policies: injector);
        injector.Enabled = true;
        var logger = new RecordingLogger<RetryForever>();
        var retry = new RetryForever(logger, new RetryForeverOptions(Duration.FromMilliseconds(1), Duration.FromMilliseconds(5)));

        var result = await retry.RunAsync(ct => faulty.Handler.HandleAsync(batch, ct), "ingest", default);

        Assert.Equal(batch.Count, result.Accepted);
        Assert.Equal(3, logger.Entries.Count);
        Assert.Equal((await SnapshotAsync(reference.Account)).Text, (await SnapshotAsync(faulty.Account)).Text);
    }

    // Received at 23:58 UTC: an event dated 00:04 is more than 5 minutes ahead and is rejected. The first write of
    // activity fails after the archive and the dead letter are stored; the retry waits ten minutes, past midnight, where
    // the event would no longer be in the future. The retry must keep the first receipt: same instant, same blob day,
    // same decisions, so the event is dead-lettered once and never counted.
    [Fact]
    public async Task A_Retry_After_A_Storage_Fault_Keeps_The_Receipt_Instant_Its_Blob_Names_And_Its_Decisions()
    {
        var receivedAt = Instant.FromUtc(2024, 3, 31, 23, 58);
        var batch = CloudEvents.Batch(
        [
            CloudEvents.Body("1", Source, "globex", "user.login", "alice", "2024-03-31T23:00:00Z"),
            CloudEvents.Body("2", Source, "globex", "user.login", "bob", "2024-04-01T00:04:00Z"),
        ]);
        var injector = FaultInjector.FailWhen(m => TransactionInspector.WritesTo(m, "presence"), FaultKind.ServiceUnavailable, maxFaults: 1);
        injector.Enabled = false;
        var (handler, account, services) = await CreateAsync(injector);
        var clock = (FakeClock)services.GetRequiredService<IClock>();
        clock.Reset(receivedAt);
        injector.Enabled = true;
        var retry = new RetryForever(
            new RecordingLogger<RetryForever>(),
            new RetryForeverOptions(Duration.FromMinutes(10), Duration.FromMinutes(10)),
            (delay, _) =>
            {
                clock.Advance(Duration.FromMinutes(10));
                return Task.CompletedTask;
            });

        var result = await handler.HandleUntilRecordedAsync(batch, clock.GetCurrentInstant(), retry, "ingest", default);

        Assert.Equal(1, injector.Faults);
        Assert.Equal(receivedAt + Duration.FromMinutes(10), clock.GetCurrentInstant());
        Assert.Equal((1L, 1L), (result.Accepted, result.DeadLettered["future-time"]));
        Assert.Equal(["2024/03/31/"], await BlobDaysAsync(account, account.Names.Archive));
        Assert.Equal(["2024/03/31/"], await BlobDaysAsync(account, account.Names.DeadLetter));
        var units = (await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 3), default)))
            .Concat(await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 4), default)))
            .Select(r => r.Unit.Value);
        Assert.Equal(["alice"], units);
        Assert.Contains("2024-03-31T23:58:00Z", (await SnapshotAsync(account)).Text, StringComparison.Ordinal);
    }

    // The sender is the transport's verdict (docs/architecture.md, "Senders"): the archive keeps it beside each body,
    // so a replay after every table is lost judges each event as its first receipt did. Were the sender lost, the
    // globex event (sent through acme's sender, which globex does not list) would be counted on replay.
    [Fact]
    public async Task A_Replay_After_Every_Table_Is_Lost_Judges_Each_Event_By_The_Sender_That_Delivered_It()
    {
        var (handler, account, services) = await CreateAsync();
        var acme = new Tenant(TenantId.Parse("acme"), DateTimeZoneProviders.Tzdb["Europe/Berlin"], ImmutableSortedSet.Create(StringComparer.Ordinal, Source)) { Senders = ImmutableSortedSet.Create(StringComparer.Ordinal, "lms") };
        var globex = new Tenant(TenantId.Parse("globex"), DateTimeZone.Utc, ImmutableSortedSet.Create(StringComparer.Ordinal, Source));
        var registry = services.GetRequiredService<ITenantRegistry>();
        await registry.ApplyAsync([acme, globex], default);
        IReadOnlyList<RawEvent> batch =
        [
            .. CloudEvents.Batch(
            [
                CloudEvents.Body("1", Source, "acme", "user.login", "alice", "2024-03-05T12:00:00Z"),
                CloudEvents.Body("2", Source, "globex", "user.login", "mallory", "2024-03-05T12:00:00Z"),
            ]).Select(e => e with { Sender = "lms" }),
        ];
        var first = await handler.HandleAsync(batch, Now, default);
        await foreach (var table in account.Tables.QueryAsync())
        {
            if (table.Name.StartsWith(account.Names.Prefix, StringComparison.Ordinal))
            {
                await account.Tables.DeleteTableAsync(table.Name);
            }
        }

        var (restarted, _, after) = await CreateOnAsync(account.Names.Prefix);
        await after.GetRequiredService<ITenantRegistry>().ApplyAsync([acme, globex], default);
        var replay = new ArchiveReplay(after.GetRequiredService<IRawArchive>(), restarted);
        var replayed = new List<ReplayedBatch>();
        await foreach (var item in replay.ReplayAsync(new Interval(Now, Now + Duration.FromSeconds(1)), default))
        {
            replayed.Add(item);
        }

        var again = Assert.Single(replayed).Result;
        Assert.Equal((1L, 1L), (first.Accepted, first.DeadLettered[RejectionReason.UnauthorizedSender]));
        Assert.Equal((0, 1L, 1L), (again.SkippedAsRedelivered, again.Accepted, again.DeadLettered[RejectionReason.UnauthorizedSender]));
        var reader = after.GetRequiredService<IActivityReader>();
        Assert.Equal(["alice"], (await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("acme"), new YearMonth(2024, 3), default))).Select(r => r.Unit.Value));
        Assert.Empty(await ToListAsync(reader.ReadPresenceAsync(TenantId.Parse("globex"), new YearMonth(2024, 3), default)));
    }

    // The marker is the last write of a batch. When storage applied it but its answer was lost, the retry of the same
    // receipt finds the marker: the batch was recorded by this receipt and nothing has reported it yet, so it is
    // reported as accepted now. A later redelivery is still reported as already recorded.
    [Fact]
    public async Task A_Retry_After_The_Markers_Answer_Was_Lost_Reports_The_Batch_As_Accepted_Once()
    {
        var injector = FaultInjector.FailWhen(
            m => m.Request.Method != RequestMethod.Get && m.Request.Uri.Path.Contains("batches", StringComparison.Ordinal),
            FaultKind.IOException,
            afterServer: true,
            maxFaults: 1);
        var (handler, _, _) = await CreateAsync(injector);
        var batch = CloudEvents.Batch(GoodEvents());
        var retry = new RetryForever(
            new RecordingLogger<RetryForever>(),
            new RetryForeverOptions(Duration.FromMilliseconds(1), Duration.FromMilliseconds(1)),
            (_, _) => Task.CompletedTask);

        var first = await handler.HandleUntilRecordedAsync(batch, Now, retry, "ingest", default);
        var redelivered = await handler.HandleUntilRecordedAsync(batch, Now + Duration.FromMinutes(1), retry, "ingest", default);

        Assert.Equal(1, injector.Faults);
        Assert.Equal((batch.Count, (long)batch.Count, 0L, 0), (first.Received, first.Accepted, first.AlreadyRecorded, first.SkippedAsRedelivered));
        Assert.Equal((0L, (long)batch.Count, 1), (redelivered.Accepted, redelivered.AlreadyRecorded, redelivered.SkippedAsRedelivered));
    }

    // Each presence record of a tenant's month as "{unit} {day},{day}...", by unit: whose days were counted, and which.
    private static async Task<List<string>> DaysAsync(ServiceProvider services, string tenant, int year, int month)
    {
        var records = await ToListAsync(services.GetRequiredService<IActivityReader>().ReadPresenceAsync(TenantId.Parse(tenant), new YearMonth(year, month), default));
        return [.. records
            .Select(r => $"{r.Unit.Value} {string.Join(",", r.LocalDays().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}")
            .Order(StringComparer.Ordinal)];
    }

    // Registers every tenant of the deployment again in one zone (with the extra sources given), as `tenants apply` would,
    // and makes ingest see it at once.
    private static Task ChangeZonesAsync(ServiceProvider services, string zone, params string[] sources) =>
        ReplaceTenantsAsync(services, t => t with { Zone = DateTimeZoneProviders.Tzdb[zone], Sources = t.Sources.Union(sources) });

    // Registers every tenant of the deployment again, changed, and makes ingest see it at once.
    private static async Task ReplaceTenantsAsync(ServiceProvider services, Func<Tenant, Tenant> change)
    {
        var registry = services.GetRequiredService<ITenantRegistry>();
        await registry.ApplyAsync([.. (await registry.LoadAsync(default)).All.Select(change)], default);
        services.GetRequiredService<TenantDirectoryCache>().Invalidate();
    }

    private static async Task<List<string>> BlobDaysAsync(StorageAccount account, string container)
    {
        var days = new List<string>();
        await foreach (var blob in account.Blobs.GetBlobContainerClient(container).GetBlobsAsync())
        {
            days.Add(blob.Name[..11]);
        }

        return days;
    }

    private Task<(IngestHandler Handler, StorageAccount Account, ServiceProvider Services)> CreateAsync(params HttpPipelinePolicy[] policies) =>
        CreateOnAsync(AzuriteFixture.NewPrefix(), policies);

    // A deployment on the tables, containers and queues of one prefix; a second one on the same prefix provisions again
    // what the first had (a fresh process after data loss).
    private async Task<(IngestHandler Handler, StorageAccount Account, ServiceProvider Services)> CreateOnAsync(string prefix, params HttpPipelinePolicy[] policies)
    {
        var pipeline = await TestPipeline.On(azurite)
            .OnPrefix(prefix)
            .StartingAt(Now)
            .Through(policies)
            .WithTenant("acme", "Europe/Berlin", Source)
            .WithTenant("globex", "UTC", Source)
            .BuildAsync();
        return (pipeline.Services.GetRequiredService<IngestHandler>(), pipeline.Account, pipeline.Services);
    }

    private static Task<TableSnapshot> SnapshotAsync(StorageAccount account) =>
        TableSnapshot.OfPrefixAsync(account.Tables, account.Names.Prefix);

    private static async Task<TableSnapshot> ActivitySnapshotAsync(StorageAccount account)
    {
        var full = await SnapshotAsync(account);
        var lines = full.Text.Split('\n')
            .Where(l => !l.StartsWith("touches ", StringComparison.Ordinal) && !l.StartsWith("batches ", StringComparison.Ordinal) && !l.StartsWith("eventclaims ", StringComparison.Ordinal))
            .ToList();
        return new TableSnapshot(string.Join('\n', lines), lines.Count);
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
