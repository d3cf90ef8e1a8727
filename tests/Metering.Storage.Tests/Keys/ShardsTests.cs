using Metering.Storage.Keys;

namespace Metering.Storage.Tests.Keys;

public sealed class ShardsTests
{
    // Pinned: the hash and the count are part of the stored format (docs/storage.md). If a row fails, stored data
    // would move to other partitions; change nothing here without a migration.
    [Theory]
    [InlineData("", 0x811c9dc5u, "05")]
    [InlineData("a", 0xe40c292cu, "0c")]
    [InlineData("foobar", 0xbf9cf968u, "08")]
    [InlineData("alice@example.com", 0x94a4b546u, "06")]
    [InlineData("user/42#x?y", 0xa292d2f2u, "02")]
    [InlineData("Zoë 😀", 0x05aa6159u, "09")]
    [InlineData("ユーザー", 0x03cde6feu, "0e")]
    public void Shard_Is_Fnv1a32_Of_Utf8_Modulo_16(string unit, uint hash, string shard)
    {
        Assert.Equal(hash, Shards.Fnv1a32(unit));
        Assert.Equal(shard, Shards.NameOf(unit));
    }

    [Fact]
    public void There_Are_Sixteen_Shards_Named_00_To_0f()
    {
        Assert.Equal(["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "0a", "0b", "0c", "0d", "0e", "0f"], Shards.All);
    }
}
