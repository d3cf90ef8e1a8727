using System.Text;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Tests.Events;

/// <summary>The parser's cache of meanings by UTF-8 bytes: a hit is always the value stored for exactly those bytes.</summary>
public sealed class Utf8CacheTests
{
    [Fact]
    public void Every_Key_Is_Found_Until_Another_Takes_Its_Slot_And_Never_Answers_For_Other_Bytes()
    {
        // Keys of every length up to past the limit, many sharing their first and last eight bytes.
        var keys = Enumerable.Range(0, 300).Select(n => "https://" + new string('x', n % 40) + n + "/app.example").Append(string.Empty)
            .Concat(Enumerable.Range(1, 9).Select(n => new string('a', n))).ToArray();
        var cache = new Utf8Cache<string>(8);
        foreach (var key in keys)
        {
            cache.Set(Encoding.UTF8.GetBytes(key), key);
            Assert.True(cache.TryGet(Encoding.UTF8.GetBytes(key), out var found));
            Assert.Same(key, found);
        }

        foreach (var key in keys)
        {
            if (cache.TryGet(Encoding.UTF8.GetBytes(key), out var found))
            {
                Assert.Same(key, found);
            }
        }
    }

    [Fact]
    public void Keys_Of_One_Length_That_Differ_Only_In_The_Middle_Take_Different_Slots()
    {
        // Tenants' sources often differ only in a host label: a slot found from the ends alone would keep one of them.
        var sources = Enumerable.Range(10, 16).Select(n => $"https://tenant{n}.vendor.example/app").ToArray();
        var cache = new Utf8Cache<string>(64);
        foreach (var source in sources)
        {
            cache.Set(Encoding.UTF8.GetBytes(source), source);
        }

        Assert.True(sources.Count(source => cache.TryGet(Encoding.UTF8.GetBytes(source), out _)) >= 12);
    }

    [Fact]
    public void Two_Keys_Of_One_Pair_Of_Slots_Are_Both_Kept()
    {
        // Two slots are one pair: every key falls in it, so any two are kept whatever slots their bytes pick. With one
        // slot per key, a catalogue's twenty types in 64 slots evicted each other on every other event.
        var keys = Enumerable.Range(0, 40).Select(n => "type." + n).ToArray();
        foreach (var (first, second) in keys.Zip(keys.Skip(1)))
        {
            var cache = new Utf8Cache<string>(2);
            cache.Set(Encoding.UTF8.GetBytes(first), first);
            cache.Set(Encoding.UTF8.GetBytes(second), second);

            Assert.True(cache.TryGet(Encoding.UTF8.GetBytes(first), out var one));
            Assert.True(cache.TryGet(Encoding.UTF8.GetBytes(second), out var two));
            Assert.Equal((first, second), (one, two));
        }
    }

    [Fact]
    public void Keys_Past_The_Limit_Are_Not_Kept()
    {
        var cache = new Utf8Cache<string>(4);
        var key = new byte[Utf8Cache<string>.MaxKeyBytes + 1];

        cache.Set(key, "long");

        Assert.False(cache.TryGet(key, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    public void Slots_Are_A_Power_Of_Two(int slots) => Assert.Throws<ArgumentOutOfRangeException>(() => new Utf8Cache<string>(slots));
}
