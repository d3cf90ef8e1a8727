using System.Globalization;
using CsCheck;
using Metering.Storage.Keys;
using Xunit.Abstractions;

namespace Metering.Reliability.Tests.Isolation;

/// <summary>
/// Storage keys are built from subjects, which may hold any character but control characters (docs/events.md), so a subject
/// can look like another tenant's key (<c>acme|202403|00</c>) or like an encoding (<c>%7C</c>). The encoding must give
/// every distinct subject its own key part, which Table Storage accepts, and give the subject back.
/// </summary>
public sealed class KeyEncodingPropertyTests(ITestOutputHelper output)
{
    private static readonly int Iterations = Support.Soak.Count(20_000, 1_000_000);

    /// <summary>Subjects drawn from the characters keys are made of, their escapes, and everything else.</summary>
    internal static readonly Gen<string> Subjects = Gen.OneOf(
        Gen.String[Gen.OneOf('a', 'c', 'e', 'm', '0', '2', '3', '4', '|', '%', '7', 'C', '~', '/', '\\', '#', '?', ' ', '-', '\'', ',', 'ü', 'ユ'), 1, 40],
        Gen.OneOf("acme|202403|00", "acme-eu|202503|0f", "o',brien", "',", "PartitionKey='acme',RowKey='x'", "acme%7C202503%7C00", "%7C", "%25", "%~", "%~0123456789abcdef0123456789abcdef", "😀", "a😀b"),
        Gen.String[Gen.Char.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)), 1, 256],
        Gen.OneOf("|", "%", "😀", "x").Array[200, 256].Select(string.Concat));

    [Fact]
    public void Every_Generated_Subject_Encodes_To_A_Key_Part_Table_Storage_Accepts_And_Decodes_Back()
    {
        Subjects.Sample(
            subject =>
            {
                var part = TableKeys.BoundedPart(subject, TableKeys.UnitKeyBytes);
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(part) <= TableKeys.UnitKeyBytes);
                Assert.DoesNotContain(part, c => c is '/' or '\\' or '#' or '?' or '|' or '\'' || char.IsControl(c));
                if (!part.Contains("%~", StringComparison.Ordinal))
                {
                    Assert.Equal(subject, KeyEncoding.Decode(part));
                }
            },
            iter: Iterations);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"key encoding: {Iterations:N0} generated subjects encoded, bounded and decoded"));
    }

    [Fact]
    public void Two_Different_Subjects_Never_Share_A_Key_Part_Even_When_Both_Are_Cut()
    {
        // Long subjects that differ only at the end are both cut; the hash of the whole text must tell them apart.
        var suffix = Gen.String[Gen.OneOf('%', '|', 'x', 'ü'), 1, 20];
        Gen.Select(Subjects, Subjects, Gen.String[Gen.OneOf('%', '|', 'x'), 200, 230], suffix, suffix)
            .Sample(
                (a, b, common, x, y) =>
                {
                    foreach (var (one, other) in new[] { (a, b), (common + x, common + y) })
                    {
                        if (one != other)
                        {
                            Assert.NotEqual(TableKeys.BoundedPart(one, TableKeys.UnitKeyBytes), TableKeys.BoundedPart(other, TableKeys.UnitKeyBytes));
                        }
                    }
                },
                iter: Iterations);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"key encoding: {Iterations:N0} pairs of generated subjects (and of 200-230 character subjects differing at the end) never shared a key part"));
    }
}
