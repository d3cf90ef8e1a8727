using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;

namespace Metering.Domain.Tests.Invoices;

public sealed class EvidenceFileTests
{
    [Fact]
    public void Lines_Are_Sorted_Ordinally_By_Tenant_Unit_Dimension_And_Qualifier()
    {
        var file = EvidenceFile.Build(InvoiceSamples.Evidence);

        Assert.Equal(
            [
                "acme|u#2 ?%\\|cloud",
                "acme|u/1|on-premises",
                "acme|zoë@example.com|cloud",
                "acme-eu|u/1|",
            ],
            file.Lines.Select(l => $"{l.Tenant}|{l.Unit}|{l.Dimension}"));
    }

    [Fact]
    public void The_File_Is_Ndjson_With_Every_Field_And_Its_Hash_Is_The_Sha256_Of_Its_Bytes()
    {
        var file = EvidenceFile.Build(InvoiceSamples.Evidence);
        var text = Encoding.UTF8.GetString(file.Content.Span);
        var lines = text.Split('\n');

        Assert.Equal(4, file.LineCount);
        Assert.Equal(5, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal("""{"tenant":"acme-eu","unit":"u/1","dimension":null,"qualifier":"2025-03-01","detail":null}""", lines[3]);
        Assert.Equal("""{"tenant":"acme","unit":"u#2 ?%\\","dimension":"cloud","qualifier":"2025-03-09T08:15:00Z","detail":null}""", lines[0]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.Content.Span)), file.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", file.Sha256);
    }

    [Fact]
    public void No_Counted_Unit_Is_An_Empty_File()
    {
        var file = EvidenceFile.Build([]);

        Assert.Equal(0, file.LineCount);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", file.Sha256);
    }

    [Fact]
    public void A_Unit_Listed_Twice_Stays_Listed_Twice()
    {
        var line = EvidenceLine.FromText("acme", "u1", null, "2025-03-01");

        Assert.Equal(2, EvidenceFile.Build([line, line]).LineCount);
    }

    [Theory]
    [InlineData("""{"tenant":"Acme","unit":"ana","dimension":null,"qualifier":"2025-03-01","detail":null}""", "not a tenant id")]
    [InlineData("""{"tenant":"acme","unit":"","dimension":null,"qualifier":"2025-03-01","detail":null}""", "empty")]
    [InlineData("""{"tenant":"acme","unit":"ana","dimension":null,"qualifier":"1 March","detail":null}""", "neither an ISO date nor an ISO instant")]
    public void A_Line_Whose_Tenant_Unit_Or_Qualifier_Does_Not_Read_Is_Named_By_Its_Number(string second, string reason)
    {
        var first = """{"tenant":"acme","unit":"ana","dimension":null,"qualifier":"2025-03-01","detail":null}""";

        var error = Assert.Throws<FormatException>(() => EvidenceFile.Parse(System.Text.Encoding.UTF8.GetBytes(first + "\n" + second + "\n")));

        Assert.StartsWith("Evidence line 2 is not an evidence line: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Parsing_The_File_Gives_The_Same_Lines_And_Hash()
    {
        var file = EvidenceFile.Build(InvoiceSamples.Evidence);

        var parsed = EvidenceFile.Parse(file.Content.Span);

        Assert.Equal(file.Sha256, parsed.Sha256);
        Assert.Equal(file.Lines.AsEnumerable(), parsed.Lines.AsEnumerable());
    }

    [Fact]
    public void Any_Order_Of_The_Same_Lines_Gives_The_Same_Bytes()
    {
        var unit = Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 1, 12];
        var line = Gen.Select(Gen.OneOf("acme", "acme-eu", "b"), unit, Gen.OneOf<string?>(null, "cloud", "on-premises"), Gen.OneOf("2025-03-01", "2025-03-02T10:00:00Z"))
            .Select((t, u, d, q) => EvidenceLine.FromText(t, u, d, q));

        line.Array[0, 30].SelectMany(lines => Gen.Shuffle(lines.ToArray()).Select(shuffled => (lines, shuffled))).Sample(pair =>
        {
            var a = EvidenceFile.Build(pair.lines);
            var b = EvidenceFile.Build(pair.shuffled);
            Assert.Equal(a.Sha256, b.Sha256);
            Assert.True(a.Content.Span.SequenceEqual(b.Content.Span));
        });
    }

    [Fact]
    public void The_Reference_Names_The_Blob_Count_And_Hash()
    {
        var file = EvidenceFile.Build(InvoiceSamples.Evidence);

        var reference = file.Reference("invoices/acme/c/w/r1.evidence.ndjson");

        Assert.Equal(new EvidenceReference("invoices/acme/c/w/r1.evidence.ndjson", 4, file.Sha256), reference);
    }
}
