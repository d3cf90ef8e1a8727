using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Tests.Events;

public sealed class EventKeyTests
{
    [Fact]
    public void Key_Is_The_First_128_Bits_Of_Sha256_Of_Source_Zero_Id()
    {
        // SHA-256("/apps/lms\0evt-1"), computed independently of the code under test.
        var expected = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("/apps/lms\0evt-1"));

        Assert.Equal(Convert.ToHexStringLower(expected.AsSpan(0, 16)), EventKey.Of("/apps/lms", "evt-1").ToString());
    }

    [Fact]
    public void Key_From_The_Id_Bytes_Of_A_Body_Equals_Key_From_The_Id_Text()
    {
        Gen.Select(Gen.String, Gen.String).Sample((source, id) =>
        {
            // Text with unpaired surrogates has no UTF-8 form and never reaches either overload.
            if (!IsScalarText(source) || !IsScalarText(id))
            {
                return;
            }

            Assert.Equal(EventKey.Of(source, id), OfUtf8(source, id));
        }, iter: 1_000);
    }

    [Fact]
    public void Long_Ids_Hash_The_Same_Way()
    {
        var id = new string('é', 400) + "/#?%";

        Assert.Equal(EventKey.Of("urn:vendor:lms", id), OfUtf8("urn:vendor:lms", id));
    }

    [Fact]
    public void Keys_Hashed_Together_Equal_Keys_Hashed_Alone()
    {
        // Ingest hashes a batch's keys together, eight at a time; ids given as bytes and as text (an escaped id) mixed.
        Gen.Select(Gen.String[0, 40], Gen.String[0, 120]).Array[0, 30].Sample(pairs =>
        {
            var scalar = pairs.Where(p => IsScalarText(p.Item1) && IsScalarText(p.Item2)).ToArray();
            var messages = new KeyMessages();
            for (var i = 0; i < scalar.Length; i++)
            {
                var (source, id) = scalar[i];
                var number = i % 3 == 0
                    ? messages.Add(Encoding.UTF8.GetBytes(source), id)
                    : messages.Add(Encoding.UTF8.GetBytes(source), Encoding.UTF8.GetBytes(id));
                Assert.Equal(i, number);
            }

            var keys = messages.Hash();

            Assert.Equal(scalar.Select(p => EventKey.Of(p.Item1, p.Item2).Value), keys.Take(scalar.Length));
        }, iter: 300);
    }

    [Fact]
    public void Key_Messages_Grow_Past_Their_First_Room_And_Are_Forgotten_On_Clear()
    {
        var messages = new KeyMessages();
        messages.Add("x"u8, "forgotten"u8);
        messages.Clear();
        var ids = Enumerable.Range(0, 3_000).Select(i => $"{i}-" + new string('é', i % 90)).ToArray();
        foreach (var id in ids)
        {
            messages.Add("urn:vendor:lms"u8, Encoding.UTF8.GetBytes(id));
        }

        Assert.Equal(ids.Select(id => EventKey.Of("urn:vendor:lms", id).Value), messages.Hash().Take(messages.Count));
    }

    [Fact]
    public void Key_Messages_Give_Back_The_Room_Of_An_Unusually_Large_Batch()
    {
        var messages = new KeyMessages();
        for (var i = 0; i < 40_000; i++)
        {
            messages.Add("https://lms.example.com/app"u8, Encoding.UTF8.GetBytes($"{i:D8}-0000-4000-8000-000000000000"));
        }

        var grown = messages.RoomBytes;
        messages.Clear();

        Assert.True(grown > 2_000_000, $"{grown} bytes");
        Assert.Equal(1 << 16, messages.RoomBytes);
        messages.Add("x"u8, "after"u8);
        Assert.Equal(EventKey.Of("x", "after").Value, messages.Hash()[0]);
    }

    /// <summary>The key as ingest computes it: from the source's and the id's UTF-8 bytes (<see cref="KeyMessages"/>).</summary>
    private static EventKey OfUtf8(string source, string id)
    {
        var messages = new KeyMessages();
        messages.Add(Encoding.UTF8.GetBytes(source), Encoding.UTF8.GetBytes(id));
        return new(messages.Hash()[0]);
    }

    private static bool IsScalarText(string text) =>
        (OpaqueText.Inspect(text, int.MaxValue) & OpaqueTextProblem.UnpairedSurrogate) == 0;
}
