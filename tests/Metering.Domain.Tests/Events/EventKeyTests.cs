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

    /// <summary>The key as ingest computes it: from the source's and the id's UTF-8 bytes (ReadEvent.KeyOf).</summary>
    private static EventKey OfUtf8(string source, string id) =>
        new(EventKey.HashOf(Encoding.UTF8.GetBytes(source), Encoding.UTF8.GetBytes(id), Metering.Domain.Events.Parsing.Sha256Prefix.Hash));

    private static bool IsScalarText(string text) =>
        (OpaqueText.Inspect(text, int.MaxValue) & OpaqueTextProblem.UnpairedSurrogate) == 0;
}
