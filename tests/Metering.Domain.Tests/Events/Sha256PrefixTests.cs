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

    private static UInt128 Platform(byte[] message) => BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(message));
}
