using Metering.Domain.Ingest;
using Metering.Domain.Tenants;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// The claims of a batch: one per identity (tenant, key), with the lowest content among its copies; a batch whose
/// identity came with two contents is conflicted. Keys that share their low 32 bits (what the table sorts by) are
/// still told apart.
/// </summary>
public sealed class ClaimTableTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly TenantId Paris = TenantId.Parse("paris");

    /// <summary>Two keys with the same low 32 bits and different high bits.</summary>
    private static readonly UInt128 KeyA = new(0x1111, 0xAAAA_0000_1234_5678);
    private static readonly UInt128 KeyB = new(0x2222, 0xBBBB_0000_1234_5678);

    [Fact]
    public void Exact_Copies_Make_One_Claim_And_No_Conflict()
    {
        var table = new ClaimTable();
        table.Add(new EventIdentity(Acme, KeyA), Digest(5));
        table.Add(new EventIdentity(Acme, KeyA), Digest(5));
        table.Add(new EventIdentity(Acme, KeyA), Digest(5));

        var claims = table.Settle(out var conflicted);

        Assert.False(conflicted);
        Assert.Equal([new EventClaim(new EventIdentity(Acme, KeyA), Digest(5))], claims);
    }

    [Fact]
    public void A_Reused_Id_Is_Conflicted_And_Its_Claim_Has_The_Lowest_Content()
    {
        var table = new ClaimTable();
        table.Add(new EventIdentity(Acme, KeyA), Digest(9));
        table.Add(new EventIdentity(Acme, KeyA), Digest(3));
        table.Add(new EventIdentity(Acme, KeyA), Digest(7));

        var claims = table.Settle(out var conflicted);

        Assert.True(conflicted);
        Assert.Equal([new EventClaim(new EventIdentity(Acme, KeyA), Digest(3))], claims);
    }

    [Fact]
    public void Keys_Sharing_Their_Low_Bits_And_Tenants_Sharing_A_Key_Are_Other_Identities()
    {
        var table = new ClaimTable();
        table.Add(new EventIdentity(Acme, KeyA), Digest(1));
        table.Add(new EventIdentity(Acme, KeyB), Digest(2));
        table.Add(new EventIdentity(Paris, KeyA), Digest(3));
        table.Add(new EventIdentity(Acme, KeyB), Digest(2));

        var claims = table.Settle(out var conflicted);

        Assert.False(conflicted);
        Assert.Equal(
            [
                new EventClaim(new EventIdentity(Acme, KeyA), Digest(1)),
                new EventClaim(new EventIdentity(Acme, KeyB), Digest(2)),
                new EventClaim(new EventIdentity(Paris, KeyA), Digest(3)),
            ],
            claims.OrderBy(c => c.Content));
    }

    [Fact]
    public void Settling_Many_Copies_Agrees_With_Grouping_Them()
    {
        // Keys spread over every byte the sort looks at, with repeats, some with other content.
        var random = new Random(20261205);
        var table = new ClaimTable();
        var copies = new List<EventClaim>();
        for (var i = 0; i < 20_000; i++)
        {
            var key = i % 7 == 0 && copies.Count > 0 ? copies[random.Next(copies.Count)].Identity.Key : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            var tenant = random.Next(3) == 0 ? Paris : Acme;
            var copy = new EventClaim(new EventIdentity(tenant, key), Digest((ulong)random.Next(2)));
            copies.Add(copy);
            table.Add(copy.Identity, copy.Content);
        }

        var claims = table.Settle(out var conflicted);

        var expected = copies.GroupBy(c => c.Identity).ToDictionary(g => g.Key, g => g.Min(c => c.Content));
        Assert.Equal(expected.Count, claims.Length);
        Assert.All(claims, claim => Assert.Equal(expected[claim.Identity], claim.Content));
        Assert.Equal(copies.GroupBy(c => c.Identity).Any(g => g.Select(c => c.Content).Distinct().Count() > 1), conflicted);
    }

    [Fact]
    public void Clear_Forgets_The_Batch()
    {
        var table = new ClaimTable();
        table.Add(new EventIdentity(Acme, KeyA), Digest(1));
        table.Clear();
        table.Add(new EventIdentity(Acme, KeyB), Digest(2));

        Assert.Equal([new EventClaim(new EventIdentity(Acme, KeyB), Digest(2))], table.Settle(out _));
        Assert.Empty(new ClaimTable().Settle(out _));
    }

    private static ContentDigest Digest(ulong value) => new(value);
}
