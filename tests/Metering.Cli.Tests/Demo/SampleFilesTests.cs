using Metering.Cli.Demo;
using Metering.Domain.Contracts;
using Metering.Domain.Templates;
using Metering.Testing;

namespace Metering.Cli.Tests.Demo;

public sealed class SampleFilesTests
{
    private static DirectoryInfo Samples => SampleFiles.Find(Path.GetDirectoryName(RepositoryFile.PathOf("samples/tenants.json")));

    [Fact]
    public async Task Every_Sample_Contract_Is_Valid_And_Its_Tenants_Registered_In_One_Zone()
    {
        var samples = await SampleFiles.ReadAsync(Samples, CancellationToken.None);

        var directory = new Domain.Tenants.TenantDirectory(samples.Tenants);
        Assert.All(samples.Contracts, c => Assert.True(ContractTenancy.Resolve(c, directory).IsValid, c.Id.Value));
        Assert.Equal(Directory.GetFiles(Path.Combine(Samples.FullName, "contracts"), "*.json").Length, samples.Contracts.Count);
    }

    [Fact]
    public async Task The_Sample_Contracts_Cover_All_Nineteen_Templates_Most_With_Commercial_Terms()
    {
        var samples = await SampleFiles.ReadAsync(Samples, CancellationToken.None);
        var versions = samples.Contracts.SelectMany(c => c.Versions).ToList();

        Assert.Equal(TemplateNames.All.Order(StringComparer.Ordinal), versions.Select(v => v.Template).Distinct().Order(StringComparer.Ordinal));
        Assert.True(versions.Count(v => v.Commercial.Currency is not null) > versions.Count / 2);
        Assert.Contains(samples.Contracts, c => c.Tenants.Length > 1 && c.Versions.Any(v => v.Template == TemplateNames.MeetingHosts));
    }

    [Fact]
    public async Task The_Sample_Tenants_Bill_In_Several_Zones()
    {
        var samples = await SampleFiles.ReadAsync(Samples, CancellationToken.None);

        Assert.Superset(
            new HashSet<string> { "Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC" },
            samples.Tenants.Select(t => t.Zone.Id).ToHashSet());
    }

    [Fact]
    public async Task The_Demo_Simulates_Exactly_The_Sample_Tenants_From_Their_Registered_Sources()
    {
        var samples = await SampleFiles.ReadAsync(Samples, CancellationToken.None);
        var simulated = DemoWorld.Options(DemoWorld.DefaultSeed, 1).Tenants;

        Assert.Equal(samples.Tenants.Select(t => t.Id.Value).Order(StringComparer.Ordinal), simulated.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.All(simulated, t => Assert.True(samples.Tenants.Single(s => s.Id.Value == t.Id).Allows(t.Source), t.Id));
        Assert.All(simulated, t => Assert.Equal(samples.Tenants.Single(s => s.Id.Value == t.Id).Zone.Id, t.Zone));
    }
}
