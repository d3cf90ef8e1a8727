using System.Collections.Immutable;
using Azure.Data.Tables;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Claims;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Faults;
using NodaTime;
using static Metering.Storage.Tests.Support.Plans;

namespace Metering.Storage.Tests.Claims;

/// <summary>docs/storage.md, "Event claims": the first content claimed for an identity stands, race-free and idempotently.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEventClaimStoreTests(AzuriteFixture azurite)
{
    private static readonly Instant ReceivedAt = Instant.FromUtc(2025, 12, 1, 12, 0);
    private static readonly Duration Horizon = Duration.FromDays(30);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly Dictionary<TenantId, DateTimeZone> InBerlin = new() { [Tenant("acme")] = Berlin, [Tenant("acme-eu")] = Berlin };

    [Fact]
    public async Task New_Identities_Are_Claimed_With_One_Insert_Per_Partition_And_Hundred_Claims_And_Nothing_Is_Read()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claims = Claims("acme", 250, content: 1);
        var partitions = claims.GroupBy(c => TableEventClaimStore.PartitionOf(c.Identity)).Select(g => (g.Count() + 99) / 100).Sum();

        var result = await store.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default);

        Assert.Empty(result.Conflicts);
        Assert.Equal(250, result.Counts.Entities);
        Assert.Equal(partitions, result.Counts.Requests);
        var stored = await StoredAsync(account);
        Assert.Equal(claims.Select(c => c.Identity.KeyText).Order(StringComparer.Ordinal), stored.Select(e => e.RowKey).Order(StringComparer.Ordinal));
        Assert.All(stored, e =>
        {
            Assert.Equal("acme|" + e.RowKey[0], e.PartitionKey);
            Assert.Equal(Batch("first").Value, e.GetString("Batch"));
            Assert.Equal("2025-12-01T12:00:00Z", e.GetString("ReceivedAt"));
        });
    }

    [Fact]
    public async Task Claiming_The_Same_Content_Again_Is_No_Conflict_And_Writes_Nothing()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claims = Claims("acme", 40, content: 1);
        await store.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default);

        var again = await store.ClaimAsync(Batch("redelivered"), ReceivedAt + Duration.FromDays(2), claims, InBerlin, default);

        Assert.Empty(again.Conflicts);
        Assert.Equal(0, again.Counts.Entities);
        Assert.All(await StoredAsync(account), e => Assert.Equal(Batch("first").Value, e.GetString("Batch")));
    }

    [Fact]
    public async Task Other_Content_For_A_Claimed_Identity_Is_A_Conflict_Naming_The_First_Claim_And_New_Identities_Of_The_Batch_Are_Claimed()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var first = Claims("acme", 150, content: 1);
        await store.ClaimAsync(Batch("first"), ReceivedAt, first, InBerlin, default);

        // Of 300 claims: 50 reuse with other content, 100 say the same again, 150 are new.
        var reused = first.Take(50).Select(c => c with { Content = new ContentDigest(2) });
        var same = first.Skip(50);
        var fresh = Claims("acme", 150, content: 3, offset: 1000);
        var later = ImmutableArray.CreateRange(reused.Concat(same).Concat(fresh).OrderBy(c => c.Identity.Key));

        var result = await store.ClaimAsync(Batch("later"), ReceivedAt + Duration.FromHours(1), later, InBerlin, default);

        Assert.Equal(first.Take(50).Select(c => c.Identity).OrderBy(i => i.Key), result.Conflicts.Keys.OrderBy(i => i.Key));
        Assert.All(result.Conflicts.Values, earlier => Assert.Equal(new EarlierReceipt(new ContentDigest(1), Batch("first"), ReceivedAt, Berlin), earlier));
        Assert.Equal(150, result.Counts.Entities);
        var stored = (await StoredAsync(account)).ToDictionary(e => e.RowKey, e => e.GetString("Content"));
        Assert.Equal(300, stored.Count);
        Assert.All(first, c => Assert.Equal(new ContentDigest(1).ToString(), stored[c.Identity.KeyText]));
        Assert.All(fresh, c => Assert.Equal(new ContentDigest(3).ToString(), stored[c.Identity.KeyText]));
    }

    // A stream's redeliveries are scattered: one claimed identity among a transaction's hundred costs the failed
    // insert, a point read of the identity the service names, and the insert of the other 99.
    [Theory]
    [InlineData(1UL, 0)]
    [InlineData(2UL, 1)]
    public async Task One_Claimed_Identity_Among_A_Hundred_Costs_A_Point_Read_And_One_More_Insert(ulong earlierContent, int conflicts)
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var chunk = ImmutableArray.CreateRange(Claims("acme", 2000, content: 1).Where(c => c.Identity.KeyText[0] == '7').Take(100));
        Assert.Equal(100, chunk.Length);
        await store.ClaimAsync(Batch("first"), ReceivedAt, [chunk[37] with { Content = new ContentDigest(earlierContent) }], InBerlin, default);

        var result = await store.ClaimAsync(Batch("later"), ReceivedAt, chunk, InBerlin, default);

        Assert.Equal(conflicts, result.Conflicts.Count);
        Assert.Equal((99L, 3L), (result.Counts.Entities, result.Counts.Requests));
        Assert.Equal(100, (await StoredAsync(account)).Count);
    }

    [Fact]
    public async Task Of_Two_Batches_Claiming_One_Identity_With_Different_Content_At_Once_Exactly_One_Stands()
    {
        var account = TestAccounts.Create(azurite);
        for (var round = 0; round < 8; round++)
        {
            var identity = Claims("acme", 1, content: 0, offset: round)[0].Identity;
            var a = new TableEventClaimStore(account, Horizon).ClaimAsync(Batch($"a{round}"), ReceivedAt, [new EventClaim(identity, new ContentDigest(10))], InBerlin, default);
            var b = new TableEventClaimStore(account, Horizon).ClaimAsync(Batch($"b{round}"), ReceivedAt, [new EventClaim(identity, new ContentDigest(20))], InBerlin, default);
            var results = await Task.WhenAll(a, b);

            var loser = Assert.Single(results, r => !r.Conflicts.IsEmpty);
            var winner = Assert.Single(results, r => r.Conflicts.IsEmpty);
            var stored = Assert.Single(await StoredAsync(account), e => e.RowKey == identity.KeyText);
            Assert.Equal(loser.Conflicts[identity].Content.ToString(), stored.GetString("Content"));
            Assert.Equal(1, winner.Counts.Entities);
        }
    }

    // docs/storage.md, "Event claims": a claim keeps the zone its batch was planned in, and the same content claimed again
    // in another zone (a resend after the tenant's zone changed) is reported from the reads the failed insert made anyway.
    [Fact]
    public async Task The_Same_Content_Claimed_Again_In_Another_Zone_Is_Reported_With_The_Zone_It_Was_Claimed_In()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claims = Claims("acme", 40, content: 1);
        await store.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default);
        var utc = new Dictionary<TenantId, DateTimeZone> { [Tenant("acme")] = DateTimeZone.Utc };

        var sameZone = await store.ClaimAsync(Batch("resent"), ReceivedAt + Duration.FromDays(1), claims, InBerlin, default);
        var otherZone = await store.ClaimAsync(Batch("resent"), ReceivedAt + Duration.FromDays(2), claims, utc, default);
        var ownAgain = await store.ClaimAsync(Batch("first"), ReceivedAt, claims, utc, default);

        Assert.Empty(sameZone.OtherZones);
        Assert.Empty(otherZone.Conflicts);
        Assert.Equal(claims.Select(c => c.Identity).OrderBy(i => i.Key), otherZone.OtherZones.Keys.OrderBy(i => i.Key));
        Assert.All(otherZone.OtherZones.Values, earlier => Assert.Equal(new EarlierReceipt(new ContentDigest(1), Batch("first"), ReceivedAt, Berlin), earlier));
        Assert.Equal(40, ownAgain.OtherZones.Count);
        Assert.Equal(0, otherZone.Counts.Entities);
        Assert.All(await StoredAsync(account), e => Assert.Equal("Europe/Berlin", e.GetString("Zone")));
    }

    // A zone this build's time zone database does not know (a claim written by a newer build, then rolled back) stops
    // the batch with a clear error rather than letting its event count on another day.
    [Fact]
    public async Task A_Claim_Naming_A_Zone_This_Build_Does_Not_Know_Is_Refused()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claim = Claims("acme", 1, content: 1)[0];
        await store.ClaimAsync(Batch("first"), ReceivedAt, [claim], InBerlin, default);
        var table = await account.TableAsync(account.Names.EventClaims, default);
        var stored = Assert.Single(await StoredAsync(account));
        stored["Zone"] = "Mars/Olympus_Mons";
        await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ClaimAsync(Batch("resent"), ReceivedAt, [claim], InBerlin, default));

        Assert.Contains("'Mars/Olympus_Mons'", error.Message, StringComparison.Ordinal);
    }

    // Claims made before claims kept their zone have none: nothing is reported for them, as before.
    [Fact]
    public async Task A_Claim_Without_A_Zone_Is_Never_Reported_In_Another_Zone()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claims = Claims("acme", 5, content: 1);
        await store.ClaimAsync(Batch("first"), ReceivedAt, claims, new Dictionary<TenantId, DateTimeZone>(), default);

        var resent = await store.ClaimAsync(Batch("resent"), ReceivedAt, claims, InBerlin, default);

        Assert.Empty(resent.OtherZones);
        Assert.All(await StoredAsync(account), e => Assert.Null(e.GetString("Zone")));
    }

    [Fact]
    public async Task A_Claim_Older_Than_The_Horizon_No_Longer_Stands_And_Is_Replaced()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claim = Claims("acme", 1, content: 1)[0];
        await store.ClaimAsync(Batch("old"), ReceivedAt, [claim], InBerlin, default);

        var within = await store.ClaimAsync(Batch("within"), ReceivedAt + Horizon, [claim with { Content = new ContentDigest(2) }], InBerlin, default);
        var after = await store.ClaimAsync(Batch("after"), ReceivedAt + Horizon + Duration.FromSeconds(1), [claim with { Content = new ContentDigest(2) }], InBerlin, default);
        var again = await store.ClaimAsync(Batch("again"), ReceivedAt + Horizon + Duration.FromDays(1), [claim], InBerlin, default);

        Assert.Single(within.Conflicts);
        Assert.Empty(after.Conflicts);
        Assert.Equal(1, after.Counts.Entities);
        Assert.Equal(new ContentDigest(2), Assert.Single(again.Conflicts).Value.Content);
        Assert.Equal(Batch("after"), again.Conflicts[claim.Identity].Batch);
    }

    // A batch that claimed, failed before its marker and comes back after an upgrade that digests content anew finds
    // its own claims: they are its own whatever their content, so its events are not dead-lettered as reuses of themselves.
    [Fact]
    public async Task A_Batch_Claiming_Again_Is_Never_In_Conflict_With_Its_Own_Claims()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var claims = Claims("acme", 30, content: 1);
        await store.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default);

        var again = await store.ClaimAsync(Batch("first"), ReceivedAt, [.. claims.Select(c => c with { Content = new ContentDigest(9) })], InBerlin, default);
        var other = await store.ClaimAsync(Batch("other"), ReceivedAt, [.. claims.Select(c => c with { Content = new ContentDigest(9) })], InBerlin, default);

        Assert.Empty(again.Conflicts);
        Assert.Equal(30, other.Conflicts.Count);
    }

    [Fact]
    public async Task The_Same_Source_And_Id_Under_Two_Tenants_Are_Two_Identities()
    {
        var account = TestAccounts.Create(azurite);
        var store = new TableEventClaimStore(account, Horizon);
        var key = EventKey.Of("/apps/lms", "a1").Value;

        var acme = await store.ClaimAsync(Batch("acme"), ReceivedAt, [new EventClaim(new EventIdentity(Tenant("acme"), key), new ContentDigest(1))], InBerlin, default);
        var other = await store.ClaimAsync(Batch("other"), ReceivedAt, [new EventClaim(new EventIdentity(Tenant("acme-eu"), key), new ContentDigest(2))], InBerlin, default);

        Assert.Empty(acme.Conflicts);
        Assert.Empty(other.Conflicts);
        Assert.Equal(2, (await StoredAsync(account)).Count);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable, false)]
    [InlineData(FaultKind.ServiceUnavailable, true)]
    [InlineData(FaultKind.IOException, true)]
    public async Task A_Storage_Fault_Throws_And_Claiming_Again_Ends_As_One_Uninterrupted_Claim(FaultKind kind, bool afterServer)
    {
        var prefix = AzuriteFixture.NewPrefix();
        var faults = FaultInjector.FailNth(2, kind, afterServer);
        var faulty = new TableEventClaimStore(TestAccounts.Create(azurite, prefix, faults), Horizon, maxConcurrentPartitions: 1);
        var claims = Claims("acme", 120, content: 1);

        await Assert.ThrowsAnyAsync<Exception>(() => faulty.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default));
        faults.Enabled = false;
        var retried = await faulty.ClaimAsync(Batch("first"), ReceivedAt, claims, InBerlin, default);
        var other = await faulty.ClaimAsync(Batch("second"), ReceivedAt, [.. claims.Select(c => c with { Content = new ContentDigest(2) })], InBerlin, default);

        Assert.Empty(retried.Conflicts);
        Assert.Equal(120, other.Conflicts.Count);
        Assert.Equal(120, (await StoredAsync(TestAccounts.Create(azurite, prefix))).Count);
    }

    private static ImmutableArray<EventClaim> Claims(string tenant, int count, ulong content, int offset = 0) =>
        [.. Enumerable.Range(offset, count)
            .Select(i => new EventClaim(new EventIdentity(Tenant(tenant), EventKey.Of("/apps/lms", $"evt-{i}").Value), new ContentDigest(content)))
            .OrderBy(c => c.Identity.Key)];

    private static async Task<List<TableEntity>> StoredAsync(StorageAccount account)
    {
        var table = await account.TableAsync(account.Names.EventClaims, default);
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        return entities;
    }
}
