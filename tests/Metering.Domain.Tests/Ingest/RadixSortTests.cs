using Metering.Domain.Ingest;

namespace Metering.Domain.Tests.Ingest;

/// <summary>The planner's radix sort orders words by a range of their bits, stably, whatever the other bits hold.</summary>
public sealed class RadixSortTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(32, 32)]
    [InlineData(5, 23)]
    [InlineData(0, 5)]
    [InlineData(7, 0)]
    [InlineData(3, 33)]
    [InlineData(1, 63)]
    public void Words_Are_Ordered_By_The_Bits_Asked_And_Keep_Their_Order_Among_Equals(int lowBit, int bitCount)
    {
        var random = new Random(lowBit * 100 + bitCount);
        var words = Enumerable.Range(0, 5_000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next(4) << 62)).ToArray();
        var mask = bitCount == 64 ? ulong.MaxValue : ((1UL << bitCount) - 1) << lowBit;
        var expected = words.Select((word, index) => (word, index)).OrderBy(w => w.word & mask).ThenBy(w => w.index).Select(w => w.word).ToArray();

        var sorted = RadixSort.Sort(words.ToArray(), new ulong[words.Length], lowBit, bitCount);

        Assert.Equal(expected, sorted.ToArray());
    }

    [Fact]
    public void Words_That_Share_Every_Digit_Come_Back_As_They_Were()
    {
        ulong[] words = [0x10_0000_0003, 0x20_0000_0003, 0x30_0000_0003];

        Assert.Equal(words, RadixSort.Sort(words.ToArray(), new ulong[3], 0, 32).ToArray());
        Assert.True(RadixSort.Sort([], [], 0, 64).IsEmpty);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(256, 8)]
    [InlineData(257, 9)]
    public void Bits_For_Count_The_Numbers_Below_It(int count, int bits) => Assert.Equal(bits, RadixSort.BitsFor(count));

    [Fact]
    public void A_Range_Past_The_Word_Or_Too_Little_Room_Is_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RadixSort.Sort(new ulong[2], new ulong[2], 40, 32).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => RadixSort.Sort(new ulong[2], new ulong[1], 0, 8).Length);
    }
}
