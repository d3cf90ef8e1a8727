using Metering.Cli.Tests.Scenarios;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// A pipeline with invoices to read: acme-portal (billed to acme) has February (r1) and March (r1, then r2 after a
/// late login); globex-desk (billed to globex) has March (r1).
/// </summary>
internal static class InvoicesCommandFixture
{
    public const string February = "2025-02-01_2025-02-28";
    public const string March = "2025-03-01_2025-03-31";

    public static async Task<CliPipeline> CreateAsync(AzuriteFixture azurite)
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""
            [
              {"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]},
              {"id": "globex", "zone": "Europe/Paris", "sources": ["app://vendor"]}
            ]
            """);
        await pipeline.ContractsAsync(Contract("acme-portal", "acme"), Contract("globex-desk", "globex"));
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile()
            .Login("ana", "2025-02-10T09:00:00+01:00")
            .Login("zoë/ünï", "2025-03-10T09:00:00+01:00")
            .Login("bob", "2025-03-12T09:00:00+01:00", "globex"));
        await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");
        await pipeline.IngestAsync("2025-04-05T00:00:00Z", new EventFile(firstId: 100).Login("cy", "2025-03-15T09:00:00+01:00"));
        await pipeline.CloseAsync("2025-04-05T01:00:00+02:00");
        return pipeline;
    }

    private static string Contract(string id, string tenant) => $$"""
        {
          "id": "{{id}}",
          "name": "{{id}} – Ñandú",
          "tenants": ["{{tenant}}"],
          "term": { "start": "2025-02-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-02-01", "template": "monthly-active",
                          "commercial": { "currency": "EUR", "unitPrice": "2.50" } } ]
        }
        """;
}
