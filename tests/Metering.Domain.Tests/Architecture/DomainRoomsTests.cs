using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Metering.Domain.Tenants;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace Metering.Domain.Tests.Architecture;

/// <summary>
/// The rooms of the domain (its namespaces, one per folder) import each other without a loop: read from the compiled
/// assembly (ArchUnitNET reads every type reference, method bodies included), so a fully qualified name or a
/// <c>global using</c> cannot hide a dependency the way a check of <c>using</c> lines would.
/// </summary>
public sealed class DomainRoomsTests
{
    private static readonly ArchUnitNET.Domain.Architecture Domain =
        new ArchLoader().LoadAssemblies(typeof(TenantId).Assembly).Build();

    [Fact]
    public void No_Two_Rooms_Of_The_Domain_Depend_On_Each_Other_Directly_Or_Through_Others()
    {
        Slices().Matching("Metering.Domain.(*)").Should().BeFreeOfCycles().Check(Domain);
    }

    [Fact]
    public void The_Check_Finds_A_Loop_Where_There_Is_One()
    {
        // Guards the guard: two rooms of this test assembly that know each other, one through a method body only.
        var tests = new ArchLoader().LoadAssemblies(typeof(DomainRoomsTests).Assembly).Build();

        Assert.ThrowsAny<Exception>(() => Slices().Matching("Metering.Domain.Tests.Architecture.Loop.(*)").Should().BeFreeOfCycles().Check(tests));
    }
}
