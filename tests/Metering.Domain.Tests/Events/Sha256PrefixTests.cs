using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Tests.Events;

public sealed class Sha256PrefixTests
{
    /// <summary>FIPS 180-4 examples, and lengths at the edges of the padding (55, 56, 63, 64 bytes in the last block).</summary>
    public static TheoryData<string, string> Vectors => new()
    {
        { "abc", "ba7816bf8f01cfea414140de5dae2223" },
        { "", "e3b0c44298fc1c149afbf4c8996fb924" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Matches_The_Published_Digests(string message, string expectedPrefix)
    {
        var prefix = Sha256Prefix.Hash(Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedPrefix, prefix.ToString("x32", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    [InlineData(1000)]
    public void Equals_The_Platform_Sha256_At_Padding_Boundaries(int length)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 256)).ToArray();

        Assert.Equal(Platform(message), Sha256Prefix.Hash(message));
    }

    [Fact]
    public void Equals_The_Platform_Sha256_For_Any_Input()
    {
        Gen.Byte.Array[0, 400].Sample(message => Assert.Equal(Platform(message), Sha256Prefix.Hash(message)), iter: 2_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Hashes_A_Batch_Of_Messages_Each_As_Alone(bool lanes)
    {
        // Counts below, at and past a group of eight, lengths of one, two and more blocks mixed in one group, empty ones;
        // eight at a time in vector lanes, and one by one, whatever this machine's vectors.
        var gen = Gen.Byte.Array[0, 300].Array[0, 41];
        gen.Sample(messages =>
        {
            var (bytes, ends) = Joined(messages);
            var hashes = new UInt128[messages.Length];

            Sha256Prefix.HashMany(bytes, ends, hashes, lanes);

            Assert.Equal(messages.Select(Platform), hashes);
        }, iter: 500);
    }

    [Theory]
    [InlineData(8, 55)]
    [InlineData(8, 56)]
    [InlineData(16, 64)]
    [InlineData(9, 119)]
    [InlineData(8, 120)]
    public void Hashes_A_Batch_At_Padding_Boundaries(int count, int length)
    {
        var messages = Enumerable.Range(0, count)
            .Select(m => Enumerable.Range(0, length + (m % 3)).Select(i => (byte)(((i * 31) + m) % 256)).ToArray())
            .ToArray();
        var (bytes, ends) = Joined(messages);
        var hashes = new UInt128[count];

        Sha256Prefix.HashMany(bytes, ends, hashes, lanes: true);

        Assert.Equal(messages.Select(Platform), hashes);
    }

    [Fact]
    public void Refuses_Too_Little_Room_For_The_Hashes()
    {
        Assert.Throws<ArgumentException>(() => Sha256Prefix.HashMany(new byte[4], [2, 4], new UInt128[1]));
    }

    private static (byte[] Bytes, int[] Ends) Joined(byte[][] messages)
    {
        var ends = new int[messages.Length];
        var total = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            total += messages[i].Length;
            ends[i] = total;
        }

        return ([.. messages.SelectMany(m => m)], ends);
    }

    private static UInt128 Platform(byte[] message) => BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(message));
}
