using Metering.Cli.Tests.Support;
using Metering.Domain.Templates;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// docs/invoices.md: the same inputs give byte-identical output apart from one generation timestamp. The same contract and
/// events, closed in two storage accounts (two emulators) at different instants, give the same invoice bytes but for
/// the <c>generatedAt</c> line, revision 2 included, and the same evidence bytes under the same name.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReproducibilityScenarioTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_Same_Inputs_In_Two_Accounts_Give_The_Same_Bytes_But_For_GeneratedAt()
    {
        await using var other = new AzuriteFixture();
        await other.InitializeAsync();
        var scenario = TemplateScenarios.For(TemplateNames.MeetingHosts);
        using var first = new CliPipeline(azurite);
        using var second = new CliPipeline(other);

        await RunAsync(first, scenario, "2025-04-03T06:00:00Z", "2025-04-06T06:00:00Z");
        await RunAsync(second, scenario, "2025-04-04T17:45:00Z", "2025-04-09T23:59:59Z");

        foreach (var revision in new[] { 1, 2 })
        {
            var (a, ai) = await first.ShowAsync("acme", scenario.ContractId, scenario.Window, revision);
            var (b, bi) = await second.ShowAsync("acme", scenario.ContractId, scenario.Window, revision);
            var differing = Lines(a).Zip(Lines(b)).Where(p => p.First != p.Second).ToList();
            var line = Assert.Single(differing);
            Assert.StartsWith("  \"generatedAt\": ", line.First, StringComparison.Ordinal);
            Assert.Equal(Lines(a).Length, Lines(b).Length);
            Assert.Equal(ai.Evidence.BlobName, bi.Evidence.BlobName);
            Assert.Equal(await first.EvidenceAsync(ai), await second.EvidenceAsync(bi));
        }
    }

    private static async Task RunAsync(CliPipeline pipeline, TemplateScenario scenario, string closeAt, string reviseAt)
    {
        await pipeline.TenantsAsync(scenario.TenantsJson);
        await pipeline.ContractsAsync(scenario.Contract);
        await pipeline.IngestAsync(scenario.IngestAt, scenario.Events);
        await pipeline.CloseAsync(closeAt);
        await pipeline.IngestAsync(closeAt, new EventFile(firstId: 500).Hosted("hal", "2025-03-20T10:00:00Z", inTenant: "acme-eu").Hosted("ana", "2025-03-21T10:00:00Z"));
        await pipeline.CloseAsync(reviseAt);
    }

    private static string[] Lines(string text) => text.Split('\n');
}
