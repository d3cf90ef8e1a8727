using System.Collections.Immutable;
using Metering.Domain.Closing;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Activity;
using Metering.Storage.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Faults;
using Metering.Testing.Storage;
using NodaTime;
using NodaTime.Text;
using static Metering.Storage.Tests.Support.Plans;

namespace Metering.Storage.Tests.Activity;

[Collection(AzuriteCollection.Name)]
public sealed class TableActivityStoreTests(AzuriteFixture azurite)
{
    private static readonly Instant ReceivedAt = Instant.FromUtc(2024, 3, 31, 12, 0);
    private static readonly YearMonth March = new(2024, 3);

    private static readonly string[] HostileUnits =
    [
        "a/b", @"dom\user", "#hash", "what?", "100%", "pipe|pipe", "first last", "Zoë Ünïcødé", "ユーザー", "😀 emoji",
        "%2F already escaped", new string('x', 256), string.Concat(Enumerable.Repeat("/\\#?%|", 42)) + "ab",
    ];

    // docs/closing.md, "A window with no data": any event of any kind dated in the days answers yes; a day outside
    // them, or another tenant whose id the tenant's is a prefix of, answers no.
    [Theory]
    [InlineData("presence on the first day", "presence", "acme", "2024-03-10", true)]
    [InlineData("presence on the last day", "presence", "acme", "2024-04-05", true)]
    [InlineData("presence the day before", "presence", "acme", "2024-03-09", false)]
    [InlineData("presence the day after", "presence", "acme", "2024-04-06", false)]
    [InlineData("presence on the last day of March (its second query of day flags)", "presence", "acme", "2024-03-31", true)]
    [InlineData("presence on the 23rd (the first day of that query)", "presence", "acme", "2024-03-23", true)]
    [InlineData("a fact inside", "fact", "acme", "2024-03-31", true)]
    [InlineData("a fact the day before", "fact", "acme", "2024-03-09", false)]
    [InlineData("a session inside", "session", "acme", "2024-04-01", true)]
    [InlineData("another tenant's presence", "presence", "acme-eu", "2024-03-15", false)]
    [InlineData("another tenant's fact", "fact", "acme-eu", "2024-03-15", false)]
    [InlineData("nothing at all", "none", "acme", "2024-03-15", false)]
    public async Task Whether_A_Tenant_Has_Data_On_Some_Day_Of_A_Window(string what, string kind, string tenant, string day, bool expected)
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var date = LocalDatePattern.Iso.Parse(day).Value;
        var month = YearMonthPattern.Iso.Format(date.ToYearMonth());
        var plan = kind switch
        {
            "presence" => Of("p", [Presence(tenant, month, "user.login", "ann", date.Day)]),
            "fact" => Of("f", [], [Chunk(Fact(tenant, FactFamily.User, "ann", day + "T12:00:00Z", EventCatalog.SeatAssigned, "1"))]),
            "session" => Of("s", [], [Chunk(Fact(tenant, FactFamily.Session, "ann", day + "T12:00:00Z", EventCatalog.SessionStarted, "1", new EventData { SessionId = "s1" }))]),
            _ => Of("n", []),
        };
        await store.WriteAsync(plan, ReceivedAt, default);

        var found = await store.HasDataAsync(Tenant("acme"), new DateInterval(new LocalDate(2024, 3, 10), new LocalDate(2024, 4, 5)), default);

        Assert.True(expected == found, what);
    }

    // A window of whole months asks for any presence record of each month, a leap February's 29th included.
    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2024-02-01", true)]
    [InlineData("2024-01-31", false)]
    [InlineData("2024-03-01", false)]
    public async Task Whether_A_Tenant_Has_Presence_In_A_Window_Of_Whole_Months(string day, bool expected)
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var date = LocalDatePattern.Iso.Parse(day).Value;
        await store.WriteAsync(Of("p", [Presence("acme", YearMonthPattern.Iso.Format(date.ToYearMonth()), "user.login", "ann", date.Day)]), ReceivedAt, default);

        Assert.Equal(expected, await store.HasDataAsync(Tenant("acme"), new DateInterval(new LocalDate(2024, 2, 1), new LocalDate(2024, 2, 29)), default));
    }

    // The marker names the zones a batch was planned in, for the batch read again after a zone changed. A batch of
    // thousands of tenants has more zones than a property holds (32K characters): they go in rows beside the marker,
    // read only when the marker is of another plan. A later recording of fewer zones is read from the marker alone.
    [Fact]
    public async Task A_Markers_Zones_Of_Thousands_Of_Tenants_Are_Kept_Whole_And_Read_Back_For_Another_Plan()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        var zone = DateTimeZoneProviders.Tzdb["America/Argentina/ComodRivadavia"];
        var many = Enumerable.Range(0, 3_000).ToImmutableSortedDictionary(i => TenantId.Parse($"tenant-with-a-longer-id-{i:D5}"), _ => zone);
        var few = ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(TenantId.Parse("acme"), DateTimeZoneProviders.Tzdb["Europe/Berlin"])]);
        var first = Of("z", [Presence("acme", "2024-03", "user.login", "ann", 3)]) with { Zones = many };
        var other = Of("z", [Presence("acme", "2024-03", "user.login", "bob", 4)]);

        await store.WriteAsync(first, ReceivedAt, default);
        var same = await store.RecordedAsync(first, default);
        var another = await store.RecordedAsync(other, default);
        await store.WriteAsync(other with { Zones = few }, ReceivedAt, default);
        var afterFewer = await store.RecordedAsync(first, default);

        Assert.NotNull(same?.Recorded);
        Assert.Null(another?.Recorded);
        Assert.Equal(many, another!.Zones);
        Assert.Equal(few, afterFewer!.Zones);
    }

    // The zone rows are the marker's own plan's: a second recording of the batch that wrote its rows and then failed
    // before its marker (or lost the race for it) leaves the first marker reading its own rows, whole.
    [Fact]
    public async Task Zone_Rows_Written_By_A_Recording_Without_Its_Marker_Are_Never_Read_As_Another_Markers()
    {
        var markerWrites = FaultInjector.FailWhen(
            m => m.Request.Method == Azure.Core.RequestMethod.Put && m.Request.Uri.Path.Contains("batches(", StringComparison.Ordinal),
            FaultKind.ServiceUnavailable);
        markerWrites.Enabled = false;
        var store = new TableActivityStore(TestAccounts.Create(azurite, null, markerWrites));
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var first = Enumerable.Range(0, 3_000).ToImmutableSortedDictionary(i => TenantId.Parse($"tenant-with-a-longer-id-{i:D5}"), _ => berlin);
        var second = first.SetItems(Enumerable.Range(0, 3_000).Select(i => KeyValuePair.Create(TenantId.Parse($"a-tenant-sorted-first-{i:D5}"), berlin)));

        await store.WriteAsync(Of("z", [Presence("acme", "2024-03", "user.login", "ann", 3)]) with { Zones = first }, ReceivedAt, default);
        markerWrites.Enabled = true;
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => store.WriteAsync(Of("z", [Presence("acme", "2024-03", "user.login", "bob", 4)]) with { Zones = second }, ReceivedAt, default));
        markerWrites.Enabled = false;
        var read = await store.RecordedAsync(Of("z", [Presence("acme", "2024-03", "user.login", "cid", 5)]), default);

        Assert.Equal(first, read!.Zones);
    }

    // A marker written before zones were kept cannot say them: the handler then warns that the batch is planned in
    // today's zones. One written since says it kept them, inline or not, even with no zone at all.
    [Fact]
    public async Task A_Marker_Says_Whether_It_Kept_The_Zones()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        await store.WriteAsync(Of("kept", [Presence("acme", "2024-03", "user.login", "ann", 3)]), ReceivedAt, default);
        await store.WriteAsync(Of("old", [Presence("acme", "2024-03", "user.login", "ann", 3)]), ReceivedAt, default);
        var batches = await account.TableAsync(account.Names.Batches, default);
        await foreach (var marker in batches.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            if (marker.RowKey == Batch("old").Value)
            {
                marker.Remove("Zones");
                marker.Remove("ZoneParts");
                await batches.UpsertEntityAsync(marker, Azure.Data.Tables.TableUpdateMode.Replace);
            }
        }

        var kept = await store.RecordedAsync(Of("kept", [Presence("acme", "2024-03", "user.login", "bob", 4)]), default);
        var old = await store.RecordedAsync(Of("old", [Presence("acme", "2024-03", "user.login", "bob", 4)]), default);

        Assert.True(kept!.ZonesKept);
        Assert.False(old!.ZonesKept);
        Assert.Empty(old.Zones);
    }

    // A zone this build's time zone database does not know (written by a newer build, then rolled back) stops the batch
    // with a clear error, as a claim naming one does, instead of planning it in today's zone.
    [Fact]
    public async Task A_Marker_Naming_A_Zone_This_Build_Does_Not_Know_Is_Refused()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        await store.WriteAsync(Of("mars", [Presence("acme", "2024-03", "user.login", "ann", 3)]), ReceivedAt, default);
        var batches = await account.TableAsync(account.Names.Batches, default);
        await foreach (var marker in batches.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            marker["Zones"] = "acme=Mars/Olympus_Mons";
            await batches.UpsertEntityAsync(marker, Azure.Data.Tables.TableUpdateMode.Replace);
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.RecordedAsync(Of("mars", [Presence("acme", "2024-03", "user.login", "bob", 4)]), default));

        Assert.Contains("'Mars/Olympus_Mons' for tenant acme", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presence_Merges_Days_And_Never_Removes_One()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        await store.WriteAsync(Of("b1", [Presence("acme", "2024-03", "user.login", "alice", 3, 7)]), ReceivedAt, default);
        await store.WriteAsync(Of("b2", [Presence("acme", "2024-03", "user.login", "alice", 7, 31)]), ReceivedAt, default);

        var records = await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default));

        var alice = Assert.Single(records);
        Assert.Equal([new LocalDate(2024, 3, 3), new LocalDate(2024, 3, 7), new LocalDate(2024, 3, 31)], alice.LocalDays());
        Assert.Equal("user.login;deployment=cloud", alice.Kind.Key);
    }

    [Fact]
    public async Task A_Month_Spread_Over_Every_Shard_Is_Read_Whole_Each_Unit_Once()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var units = Enumerable.Range(0, 1_500).Select(i => $"user-{i}@acme.example").ToList();
        await store.WriteAsync(Of("many", units.Select((u, i) => Presence("acme", "2024-03", "user.login", u, 1 + (i % 31)))), ReceivedAt, default);

        var read = await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default));

        Assert.Equal(Metering.Storage.Keys.Shards.All.Count, units.Select(Metering.Storage.Keys.Shards.NameOf).Distinct().Count());
        Assert.Equal(units.Order(StringComparer.Ordinal), read.Select(p => p.Unit.Value).Order(StringComparer.Ordinal));
        Assert.All(read, p => Assert.Equal([new LocalDate(2024, 3, 1 + (units.IndexOf(p.Unit.Value) % 31))], p.LocalDays()));
    }

    [Fact]
    public async Task A_Reader_That_Stops_Early_Ends_The_Shard_Queries()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        await store.WriteAsync(Of("some", Enumerable.Range(0, 200).Select(i => Presence("acme", "2024-03", "user.login", $"u{i}", 2))), ReceivedAt, default);

        await foreach (var first in store.ReadPresenceAsync(Tenant("acme"), March, default))
        {
            Assert.Equal("user.login;deployment=cloud", first.Kind.Key);
            break;
        }

        Assert.Equal(200, (await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default))).Count);
    }

    [Fact]
    public async Task A_Storage_Failure_While_Reading_Presence_Reaches_The_Reader_As_Itself()
    {
        var injector = FaultInjector.FailWhen(m => m.Request.Method == Azure.Core.RequestMethod.Get, FaultKind.ServiceUnavailable);
        injector.Enabled = false;
        var store = new TableActivityStore(TestAccounts.Create(azurite, policies: injector));
        await store.WriteAsync(Of("to-read", Enumerable.Range(0, 50).Select(i => Presence("acme", "2024-03", "user.login", $"u{i}", 4))), ReceivedAt, default);
        injector.Enabled = true;

        var failure = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default)));

        Assert.Equal(503, failure.Status);
    }

    // Keys of escaped text (a unit 'a/b' is 'a%2Fb') never travel in a URL path, which the service has been documented to
    // decode twice for single-entity writes: a presence record or chunk alone in its partition is a transaction of one.
    // Only the batch's marker (its key is hex) is a single write.
    [Fact]
    public async Task An_Entity_Alone_In_Its_Partition_Is_Written_In_A_Transaction()
    {
        var inspector = new TransactionInspector();
        var store = new TableActivityStore(TestAccounts.Create(azurite, null, inspector));

        for (var i = 0; i < HostileUnits.Length; i++)
        {
            var unit = HostileUnits[i];
            await store.WriteAsync(Of("alone" + i, [Presence("acme", "2024-03", "user.activity", unit, 1)], [Chunk(Fact("acme", FactFamily.User, unit, "2024-03-01T10:00:00Z", "user.created", "c" + i))]), ReceivedAt, default);
        }

        Assert.Equal(HostileUnits.Length, inspector.SingleWrites);
        Assert.Equal(2 * HostileUnits.Length, inspector.Transactions.Count);
        Assert.Equal(HostileUnits.Order(StringComparer.Ordinal), (await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default))).Select(p => p.Unit.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hostile_Units_Round_Trip_Through_Presence_And_Facts()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var presence = HostileUnits.Select(u => Presence("acme", "2024-03", "user.activity", u, 1)).ToList();
        var chunks = HostileUnits.Select((u, i) => Chunk(Fact("acme", FactFamily.User, u, "2024-03-01T10:00:00Z", "user.created", "c" + i))).ToList();
        await store.WriteAsync(Of("hostile", presence, chunks), ReceivedAt, default);

        var readUnits = (await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default))).Select(p => p.Unit.Value);
        var factUnits = (await ToListAsync(store.ReadFactsAsync(Tenant("acme"), March, default))).Select(f => f.Unit.Value);

        Assert.Equal(HostileUnits.Order(StringComparer.Ordinal), readUnits.Order(StringComparer.Ordinal));
        Assert.Equal(HostileUnits.Order(StringComparer.Ordinal), factUnits.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("o',brien")]
    [InlineData("',")]
    [InlineData("a','b")]
    public async Task A_Unit_With_A_Quote_Before_A_Comma_Is_Stored_In_Its_Partition_Within_A_Transaction(string unit)
    {
        // Azurite read a transaction's keys from each request URL and cut the quoted row key at "',", storing the
        // entity under a partition key of its own: the unit vanished from its month.
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var neighbours = Enumerable.Range(0, 2000).Select(i => $"n{i}").Where(u => Metering.Storage.Keys.Shards.NameOf(u) == Metering.Storage.Keys.Shards.NameOf(unit)).Take(2);
        string[] units = [unit, .. neighbours];
        await store.WriteAsync(Of("quoted", [.. units.Select(u => Presence("acme", "2024-03", "user.login", u, 4))]), ReceivedAt, default);

        var read = (await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default))).Select(p => p.Unit.Value);

        Assert.Equal(units.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_Same_Plan_Again_Is_Recognised_And_Changes_No_Entity()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        var plan = Of("again", [Presence("acme", "2024-03", "user.login", "alice", 2)], [Chunk(Fact("acme", FactFamily.User, "alice", "2024-03-02T08:00:00Z", "user.created", "1"))]);

        var first = await store.WriteAsync(plan, ReceivedAt, default);
        var before = await TableSnapshot.OfPrefixAsync(account.Tables, account.Names.Prefix);
        var second = await store.WriteAsync(plan, ReceivedAt.Plus(Duration.FromHours(5)), default);
        var after = await TableSnapshot.OfPrefixAsync(account.Tables, account.Names.Prefix);

        Assert.False(first.AlreadyRecorded);
        Assert.Equal(3, first.Entities);
        Assert.True(second.AlreadyRecorded);
        Assert.Equal(0, second.Entities);
        Assert.Equal(before.Text, after.Text);
    }

    [Fact]
    public async Task A_Batch_Whose_Outcome_Changed_Is_Written_Again()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var early = Of("same-bodies", [Presence("acme", "2024-03", "user.login", "alice", 2)]);
        // The same batch planned later accepts one more event (say, its source was registered in between).
        var later = Of("same-bodies", [Presence("acme", "2024-03", "user.login", "alice", 2), Presence("acme", "2024-03", "user.login", "bob", 2)]);

        await store.WriteAsync(early, ReceivedAt, default);
        var counts = await store.WriteAsync(later, ReceivedAt, default);
        var again = await store.WriteAsync(later, ReceivedAt, default);

        Assert.False(counts.AlreadyRecorded);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(2, (await ToListAsync(store.ReadPresenceAsync(Tenant("acme"), March, default))).Count);
    }

    [Fact]
    public async Task Plans_In_Either_Order_Leave_Identical_State()
    {
        var a = Of("a", [Presence("acme", "2024-03", "user.login", "alice", 1, 2), Presence("acme", "2024-03", "app.launched", "bob", 5)],
            [Chunk(Fact("acme", FactFamily.User, "alice", "2024-03-01T09:00:00Z", "user.created", "1"))]);
        var b = Of("b", [Presence("acme", "2024-03", "user.login", "alice", 2, 9)],
            [Chunk(Fact("acme", FactFamily.User, "alice", "2024-03-01T09:30:00Z", "role.granted", "2", new EventData { Role = "admin" }))]);
        var forward = TestAccounts.Create(azurite);
        var backward = TestAccounts.Create(azurite);

        await new TableActivityStore(forward).WriteAsync(a, ReceivedAt, default);
        await new TableActivityStore(forward).WriteAsync(b, ReceivedAt, default);
        await new TableActivityStore(backward).WriteAsync(b, ReceivedAt, default);
        await new TableActivityStore(backward).WriteAsync(a, ReceivedAt, default);

        var expected = await TableSnapshot.OfPrefixAsync(forward.Tables, forward.Names.Prefix);
        var actual = await TableSnapshot.OfPrefixAsync(backward.Tables, backward.Names.Prefix);
        Assert.Equal(expected.Text, actual.Text);
        // Presence alice/login, bob/launched; two chunks; one marker per batch (no window is closed: no touches).
        Assert.Equal(2 + 2 + 2, expected.Entities);
    }

    [Fact]
    public async Task Facts_Of_A_Tenant_Exclude_Tenants_That_Sort_Beside_It()
    {
        // "acme-eu|" and "acmez|" sort before "acme|": a careless range over "acme" would read them.
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var chunks = new[] { "acme", "acme-eu", "acmez", "acm", "acmf" }
            .Select(t => Chunk(Fact(t, FactFamily.User, "u-" + t, "2024-03-05T00:00:00Z", "user.created", "id-" + t)));
        await store.WriteAsync(Of("neighbours", [], chunks), ReceivedAt, default);

        var facts = await ToListAsync(store.ReadFactsAsync(Tenant("acme"), March, default));

        Assert.Equal("u-acme", Assert.Single(facts).Unit.Value);
    }

    [Fact]
    public async Task Facts_Are_Read_From_The_Beginning_Through_The_End_Of_The_Given_Month()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var chunks = new[] { "2019-01-31T23:00:00Z", "2024-02-29T12:00:00Z", "2024-03-31T23:59:59Z", "2024-04-01T00:00:00Z" }
            .Select((t, i) => Chunk(Fact("acme", FactFamily.Endpoint, "pc-1", t, "endpoint.protected", "e" + i)));
        await store.WriteAsync(Of("months", [], chunks), ReceivedAt, default);

        var throughFebruary = await ToListAsync(store.ReadFactsAsync(Tenant("acme"), new YearMonth(2024, 2), default));
        var throughMarch = await ToListAsync(store.ReadFactsAsync(Tenant("acme"), March, default));

        Assert.Equal(2, throughFebruary.Count);
        Assert.Equal(3, throughMarch.Count);
    }

    [Fact]
    public async Task Sessions_Are_Kept_Apart_And_Read_Only_For_The_Given_Months()
    {
        var store = new TableActivityStore(TestAccounts.Create(azurite));
        var sessions = new[] { "2024-01-15T10:00:00Z", "2024-02-15T10:00:00Z", "2024-03-15T10:00:00Z" }
            .Select((t, i) => Chunk(Fact("acme", FactFamily.Session, "alice", t, "session.started", "s" + i, new EventData { SessionId = "s" + i })));
        await store.WriteAsync(Of("sessions", [], sessions), ReceivedAt, default);

        var february = await ToListAsync(store.ReadSessionsAsync(Tenant("acme"), new YearMonth(2024, 2), new YearMonth(2024, 2), default));
        var facts = await ToListAsync(store.ReadFactsAsync(Tenant("acme"), March, default));

        Assert.Equal("s1", Assert.Single(february).Data.SessionId);
        Assert.Empty(facts);
    }

    [Fact]
    public async Task A_Chunk_Too_Large_For_One_Entity_Is_Split_And_Reads_Back_Whole()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        // 40 facts of ~20,000 characters: about 800,000 characters, more than the 16 x 32,000 of one entity.
        var facts = Enumerable.Range(0, 40)
            .Select(i => Fact("acme", FactFamily.User, "alice", $"2024-03-10T10:{i:00}:00Z", "user.updated", "big" + i,
                new EventData { Aliases = [new string((char)('a' + (i % 26)), 10_000), new string('é', 10_000)] }))
            .ToArray();
        var chunk = Chunk(facts);

        await store.WriteAsync(Of("big", [], [chunk]), ReceivedAt, default);
        var read = await ToListAsync(store.ReadFactsAsync(Tenant("acme"), March, default));
        var entities = await ToListAsync(account.Tables.GetTableClient(account.Names.Facts).QueryAsync<Azure.Data.Tables.TableEntity>());

        Assert.Equal(facts.Select(f => f.Key).Order(), read.Select(f => f.Key).Order());
        Assert.True(entities.Count >= 2);
        Assert.Equal(
            Enumerable.Range(0, entities.Count).Select(i => $"{chunk.ChunkId}-{i:000}"),
            entities.Select(e => e.RowKey[^(chunk.ChunkId.Length + 4)..]));
        Assert.All(entities, e => Assert.Equal(entities.Count, e.GetInt32("Parts")));
    }

    [Fact]
    public async Task Touches_Are_Recorded_Only_For_Days_At_Or_Before_The_Tenant_Watermark()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        await new TableWatermarkStore(account).RaiseAsync(Tenant("acme"), new LocalDate(2024, 3, 2), default);

        var t1 = await store.WriteAsync(Of("t1", [Presence("acme", "2024-03", "user.login", "alice", 1, 2), Presence("acme", "2024-03", "user.login", "bob", 2)]), ReceivedAt, default);
        await store.WriteAsync(Of("t2", [Presence("acme", "2024-03", "user.login", "carol", 2, 3)]), ReceivedAt, default);
        await store.WriteAsync(Of("t3", [Presence("acme-eu", "2024-03", "user.login", "dave", 2)]), ReceivedAt, default);

        var touches = await store.ReadTouchesAsync(Tenant("acme"), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), default);
        var otherTenant = await store.ReadTouchesAsync(Tenant("acme-eu"), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), default);

        // Day 1: t1 carried alice. Day 2: t1 carried alice and bob, t2 carried carol. Day 3 is after the watermark;
        // acme-eu has no closed window at all.
        Assert.Equal(
            [new DayTouchTotal(new LocalDate(2024, 3, 1), StoredData.Presence, 1, 1), new DayTouchTotal(new LocalDate(2024, 3, 2), StoredData.Presence, 2, 3)],
            touches);
        Assert.Empty(otherTenant);
        Assert.Equal(3, t1.LateEvents);
    }

    [Fact]
    public async Task A_Batch_Read_Again_With_More_Late_Events_Adds_A_Touch_That_Brings_Back_Its_Windows()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);
        await new TableWatermarkStore(account).RaiseAsync(Tenant("acme"), new LocalDate(2024, 3, 2), default);
        var early = Of("same-bodies", [Presence("acme", "2024-03", "user.login", "alice", 2)]);
        // The same late batch planned again after its other source was registered: bob is accepted too.
        var later = Of("same-bodies", [Presence("acme", "2024-03", "user.login", "alice", 2), Presence("acme", "2024-03", "user.login", "bob", 2)]);

        await store.WriteAsync(early, ReceivedAt, default);
        var before = await store.ReadTouchesAsync(Tenant("acme"), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), default);
        await store.WriteAsync(later, ReceivedAt, default);
        await store.WriteAsync(later, ReceivedAt, default);
        var after = await store.ReadTouchesAsync(Tenant("acme"), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), default);

        // A close compares the touch records it saw with those stored now (CloseScheduler): the second outcome must
        // add one, and the same outcome delivered again must not.
        Assert.Equal([new DayTouchTotal(new LocalDate(2024, 3, 2), StoredData.Presence, 1, 1)], before);
        Assert.Equal([new DayTouchTotal(new LocalDate(2024, 3, 2), StoredData.Presence, 2, 3)], after);
    }

    [Fact]
    public async Task No_Touch_Is_Written_Before_Any_Window_Closed()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableActivityStore(account);

        var counts = await store.WriteAsync(Of("early", [Presence("acme", "2024-03", "user.login", "alice", 1, 2)]), ReceivedAt, default);

        Assert.Empty(await store.ReadTouchesAsync(Tenant("acme"), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31), default));
        Assert.Equal(0, counts.LateEvents);
    }

    [Theory]
    [InlineData(1, FaultKind.ServiceUnavailable, false)]
    [InlineData(2, FaultKind.IOException, true)]
    [InlineData(5, FaultKind.ServiceUnavailable, true)]
    [InlineData(9, FaultKind.IOException, false)]
    public async Task A_Fault_Mid_Batch_Throws_And_A_Retry_Ends_In_The_Fault_Free_State(int failingRequest, FaultKind kind, bool afterServer)
    {
        var injector = FaultInjector.FailNth(failingRequest, kind, afterServer);
        await AssertRetryAfterFaultMatchesCleanRun(injector);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Fault_While_Writing_Touches_Throws_And_A_Retry_Ends_In_The_Fault_Free_State(bool afterServer)
    {
        var injector = FaultInjector.FailWhen(
            m => m.Request.Method != Azure.Core.RequestMethod.Get && RequestText(m).Contains("touches(PartitionKey=", StringComparison.Ordinal),
            FaultKind.ServiceUnavailable, afterServer, maxFaults: 1);
        await AssertRetryAfterFaultMatchesCleanRun(injector);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Fault_While_Writing_The_Batch_Marker_Throws_And_A_Retry_Ends_In_The_Fault_Free_State(bool afterServer)
    {
        var injector = FaultInjector.FailWhen(
            m => m.Request.Method != Azure.Core.RequestMethod.Get && RequestText(m).Contains("batches(PartitionKey=", StringComparison.Ordinal),
            FaultKind.ServiceUnavailable, afterServer, maxFaults: 1);
        await AssertRetryAfterFaultMatchesCleanRun(injector);
    }

    private async Task AssertRetryAfterFaultMatchesCleanRun(FaultInjector injector)
    {
        var plan = Of("faulty",
            Enumerable.Range(0, 300).Select(i => Presence("acme", "2024-03", "user.login", "user" + i, 1 + (i % 28))),
            Enumerable.Range(0, 40).Select(i => Chunk(Fact("acme", FactFamily.User, "user" + i, "2024-03-04T05:06:07Z", "user.created", "f" + i))));
        // A watermark inside the plan's days, so that the write also records late-event touches.
        var clean = TestAccounts.Create(azurite);
        await new TableWatermarkStore(clean).RaiseAsync(Tenant("acme"), new LocalDate(2024, 3, 10), default);
        await new TableActivityStore(clean).WriteAsync(plan, ReceivedAt, default);
        var expected = await TableSnapshot.OfPrefixAsync(clean.Tables, clean.Names.Prefix);

        // Tables exist before the fault is armed: the fault hits the batch's own requests.
        injector.Enabled = false;
        var faulty = TestAccounts.Create(azurite, policies: injector);
        foreach (var table in new[] { faulty.Names.Presence, faulty.Names.Facts, faulty.Names.Sessions, faulty.Names.Touches, faulty.Names.Batches, faulty.Names.Watermarks })
        {
            await faulty.TableAsync(table, default);
        }

        await new TableWatermarkStore(faulty).RaiseAsync(Tenant("acme"), new LocalDate(2024, 3, 10), default);

        injector.Enabled = true;
        var store = new TableActivityStore(faulty, maxConcurrentPartitions: 1);

        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(plan, ReceivedAt, default));
        await store.WriteAsync(plan, ReceivedAt, default);
        var actual = await TableSnapshot.OfPrefixAsync(faulty.Tables, faulty.Names.Prefix);

        Assert.Equal(1, injector.Faults);
        Assert.Equal(expected.Text, actual.Text);
    }

    private static string RequestText(Azure.Core.HttpMessage message)
    {
        using var body = new MemoryStream();
        message.Request.Content?.WriteTo(body, default);
        return message.Request.Uri + "\n" + System.Text.Encoding.UTF8.GetString(body.ToArray());
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
