using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// Issue 16, item 1, end to end through the CLI: seats bought or a minimum stated without a price are accepted and
/// reach the invoice as figures (docs/contracts.md, "Commercial terms"; docs/invoices.md, "Commitment figures"), with
/// <c>commercial: null</c> since nothing is priced.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommitmentScenarioTests(AzuriteFixture azurite)
{
    private const string November = "2025-11-01_2025-11-30";

    /// <summary>
    /// Rows: the unpriced commercial terms of a KnowBe4 (<c>provisioned-accounts</c>) contract and the figures of its
    /// November invoice. ana, bob and cy are provisioned in October, dan on 12 November: a peak of 4 persons.
    /// </summary>
    public static TheoryData<string, string> Terms => new()
    {
        { """{ "includedUnits": 3 }""", "peak-active-users 4, included-units 3, overage-units 1" },
        { """{ "minimumQuantity": 5 }""", "peak-active-users 4, minimum-quantity 5, billed-units 5" },
        { """{ "includedUnits": 3, "minimumQuantity": 5 }""", "peak-active-users 4, minimum-quantity 5, billed-units 5, included-units 3, overage-units 2" },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public async Task Unpriced_Seats_And_Minimums_Reach_The_Invoice_As_Figures(string commercial, string figures)
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync($$"""[{"id": "acme", "zone": "UTC", "sources": ["{{EventFile.Source}}"]}]""");
        await pipeline.ContractsAsync($$"""
            {
              "id": "acme-knowbe4",
              "tenants": ["acme"],
              "term": { "start": "2025-11-01", "end": "2026-10-31" },
              "versions": [{ "version": 1, "effective": "2025-11-01", "template": "provisioned-accounts", "commercial": {{commercial}} }]
            }
            """);
        await pipeline.IngestAsync("2025-12-01T00:00:00Z", new EventFile()
            .Created("ana", "2025-10-20T08:00:00Z")
            .Created("bob", "2025-10-20T08:00:00Z")
            .Created("cy", "2025-10-21T08:00:00Z")
            .Created("dan", "2025-11-12T08:00:00Z"));

        await pipeline.CloseAsync("2025-12-03T00:00:00Z");
        var (text, invoice) = await pipeline.ShowAsync("acme", "acme-knowbe4", November);

        using var json = JsonDocument.Parse(text);
        var measurement = json.RootElement.GetProperty("measurement");
        Assert.Equal(4, measurement.GetProperty("quantity").GetInt64());
        Assert.Equal(figures, string.Join(", ", measurement.GetProperty("figures").EnumerateArray().Select(f => $"{f.GetProperty("name").GetString()} {f.GetProperty("value").GetString()}")));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("commercial").ValueKind);
        Assert.Null(invoice.Charges);
    }
}
