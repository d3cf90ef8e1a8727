using System.Text;
using Metering.Cli.Contracts;
using Metering.Domain.Contracts;

namespace Metering.Cli.Tests.Closing;

/// <summary>A contracts file holds one contract document or a JSON array of them; problems name the document's index.</summary>
public sealed class ContractsFileTests
{
    private const string Portal = """
        { "id": "acme-portal", "tenants": ["acme"], "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-01-01", "template": "monthly-active" } ] }
        """;

    [Fact]
    public void A_Single_Document_Is_Read_With_The_Readers_Paths()
    {
        var entry = Assert.Single(ContractsFile.Read(Encoding.UTF8.GetBytes(Portal.Replace("monthly-active", "monthly-actve", StringComparison.Ordinal))));

        Assert.Null(entry.Index);
        var problem = Assert.Single(entry.Result.Problems);
        Assert.Equal("versions[0].template", entry.PathOf(problem.Path));
    }

    [Fact]
    public void An_Array_Is_Read_Document_By_Document_And_Paths_Carry_The_Index()
    {
        var second = Portal.Replace("acme-portal", "acme-second", StringComparison.Ordinal).Replace("\"2025-12-31\"", "\"2024-12-31\"", StringComparison.Ordinal);

        var entries = ContractsFile.Read(Encoding.UTF8.GetBytes($"[{Portal}, {second}, 42]"));

        Assert.Equal([0, 1, 2], entries.Select(e => e.Index));
        Assert.True(entries[0].Result.IsValid);
        Assert.Equal("acme-portal", entries[0].Result.Contract!.Id.Value);
        Assert.StartsWith("[1].term", entries[1].PathOf(Assert.Single(entries[1].Result.Problems).Path), StringComparison.Ordinal);
        Assert.Equal("[2]", entries[2].PathOf(entries[2].Result.Problems[0].Path));
    }

    [Fact]
    public void A_Property_Given_Twice_Inside_An_Array_Is_Still_Refused()
    {
        var doubled = Portal.Replace("\"id\": \"acme-portal\",", "\"id\": \"acme-portal\", \"id\": \"acme-other\",", StringComparison.Ordinal);

        var entry = Assert.Single(ContractsFile.Read(Encoding.UTF8.GetBytes($"[{doubled}]")));

        Assert.Equal(ContractProblemCode.MalformedJson, Assert.Single(entry.Result.Problems).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"id\": ")]
    [InlineData("[ {}, ")]
    public void Malformed_Json_Is_One_Problem_Of_The_Whole_File(string text)
    {
        var entry = Assert.Single(ContractsFile.Read(Encoding.UTF8.GetBytes(text)));

        Assert.Null(entry.Index);
        Assert.Equal(ContractProblemCode.MalformedJson, Assert.Single(entry.Result.Problems).Code);
    }

    [Fact]
    public void An_Empty_Array_Holds_No_Document()
    {
        Assert.Empty(ContractsFile.Read(Encoding.UTF8.GetBytes("[]")));
    }
}
