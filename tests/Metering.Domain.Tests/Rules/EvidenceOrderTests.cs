using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;

namespace Metering.Domain.Tests.Rules;

/// <summary>One order of evidence, used by every measure and by the evidence file (docs/invoices.md, "Evidence file").</summary>
public sealed class EvidenceOrderTests
{
    [Fact]
    public void Lines_Sort_By_Tenant_Then_Unit_Dimension_Qualifier_And_Detail_Ordinally_With_Null_First()
    {
        EvidenceLine[] expected =
        [
            EvidenceLine.FromText("acme", "Zoë", null, "2025-03-04"),
            EvidenceLine.FromText("acme", "Zoë", "cloud", "2025-03-01"),
            EvidenceLine.FromText("acme", "Zoë", "cloud", "2025-03-02"),
            EvidenceLine.FromText("acme", "Zoë", "cloud", "2025-03-02", "alias a@x"),
            EvidenceLine.FromText("acme", "Zoë", "on-premises", "2025-03-01"),
            EvidenceLine.FromText("acme", "bob", null, "2025-03-01"),
            EvidenceLine.FromText("acme", "zoë", null, "2025-03-01"),
            EvidenceLine.FromText("globex", "Ann", null, "2025-03-01"),
        ];

        var sorted = expected.Reverse().ToList();
        sorted.Sort(EvidenceLine.Order);

        Assert.Equal(expected, sorted);
        Assert.True(EvidenceLine.Order.Compare(null, expected[0]) < 0);
    }

    [Fact]
    public void The_Evidence_File_Writes_Lines_In_The_Same_Order_As_A_Measurement()
    {
        EvidenceLine[] lines = [EvidenceLine.FromText("globex", "a", null, "2025-03-01"), EvidenceLine.FromText("acme", "b", "cloud", "2025-03-01"), EvidenceLine.FromText("acme", "b", null, "2025-03-09")];
        var measured = lines.ToList();
        measured.Sort(EvidenceLine.Order);

        Assert.Equal(measured, EvidenceFile.Build(lines).Lines);
    }
}
