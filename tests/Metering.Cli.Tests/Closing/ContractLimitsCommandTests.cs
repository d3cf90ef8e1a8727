using System.Text.Json;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// docs/contracts.md, "Limits", end to end: <c>contracts apply</c> refuses a contract that could never close, naming
/// the field and the limit (exit 2, nothing stored); a contract at the limits applies and its windows close; a line
/// that still does not fit a decimal fails its close naming the contract, the window and the field.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContractLimitsCommandTests(AzuriteFixture azurite)
{
    private const string Tenants = """[{"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]}]""";

    [Fact]
    public async Task A_Unit_Price_Of_28_Digits_Is_Refused_Naming_Unit_Price_With_Exit_2_And_Nothing_Is_Stored()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(Tenants);
        var file = pipeline.Write("huge-price.json", Contract("acme-portal", """{ "currency": "EUR", "unitPrice": "9999999999999999999999999999" }"""));

        var run = await pipeline.RunAsync("contracts", "apply", file);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(
            $"error: {file}: versions[0].commercial.unitPrice: must be less than 1000000000000 (at most 12 digits before the decimal point), so that every invoice line of the contract can be computed; got 9999999999999999999999999999 (out-of-range)",
            run.Error,
            StringComparison.Ordinal);
        Assert.Empty((await new BlobContractStore(pipeline.Account).ListAsync(default)).Contracts);
    }

    [Fact]
    public async Task Included_Units_Over_10_To_The_9_Are_Refused_With_Exit_2()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(Tenants);
        var file = pipeline.Write("huge-seats.json", Contract("acme-portal", """{ "currency": "EUR", "unitPrice": "4.50", "includedUnits": 9223372036854775807 }"""));

        var run = await pipeline.RunAsync("contracts", "apply", file);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{file}: versions[0].commercial.includedUnits: must be between 0 and 1000000000; got 9223372036854775807 (out-of-range)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Contract_At_The_Money_And_Unit_Limits_Applies_And_Its_Windows_Close()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(Tenants);
        await pipeline.ContractsAsync(Contract("acme-portal", """
            { "currency": "EUR", "unitPrice": "999999999999.99", "includedUnits": 1000000000, "overageUnitPrice": "999999999999.99",
              "minimumQuantity": 1000000000, "minimumAmount": "999999999999.99", "perUserFee": "999999999999.99" }
            """));
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile().Login("ana", "2025-03-10T09:00:00+01:00"));

        var summary = await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");

        var march = summary.GetProperty("closes").EnumerateArray().Single(r => r.GetProperty("window").GetString() == "2025-03-01_2025-03-31");
        Assert.Equal("written", march.GetProperty("status").GetString());

        // 10^9 included units at 999999999999.99, and one Active User's fee.
        Assert.Equal("999999999999990000000.00", Total(await pipeline.ShowAsync("acme", "acme-portal", "2025-01-01_2025-01-31")));
        Assert.Equal("1000000000999989999999.99", march.GetProperty("total").GetString());
    }

    [Fact]
    public async Task A_Close_Whose_Line_Does_Not_Fit_Names_The_Contract_The_Window_And_The_Field_And_Exits_1()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(Tenants);
        await pipeline.ContractsAsync("""
            { "id": "acme-flex", "tenants": ["acme"], "term": { "start": "2024-01-01", "end": "2025-12-31" },
              "versions": [{ "version": 1, "effective": "2024-01-01", "template": "flex-true-forward", "parameters": { "knowledgeWorkers": 250 },
                             "commercial": { "currency": "USD", "annualUnitPrice": "999999999999" } }] }
            """);

        // A headcount no contract can price: 15% of it is a true forward of about 1.35 × 10^18 Active Users.
        await pipeline.IngestAsync("2025-01-01T00:00:00Z", new EventFile()
            .Add("org.headcount", "org-1", "2024-06-01T00:00:00Z", """{ "deployedKnowledgeWorkers": 9000000000000000000 }"""));

        var run = await pipeline.RunAsync("close", "--as-of", "2025-01-05T00:00:00Z");

        Assert.Equal(ExitCodes.Unexpected, run.ExitCode);
        Assert.Contains(
            "error: closing acme-flex/2024-01-01_2024-12-31 failed: contract acme-flex, window 2024-01-01_2024-12-31: versions[0].commercial.annualUnitPrice: the true-forward line ",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains("does not fit a decimal amount; the window cannot be priced until the contract is amended (docs/contracts.md, Limits).", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Value was either too large or too small", run.Error, StringComparison.Ordinal);
    }

    private static string Contract(string id, string commercial) => $$"""
        { "id": "{{id}}", "tenants": ["acme"], "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [{ "version": 1, "effective": "2025-01-01", "template": "monthly-active", "commercial": {{commercial}} }] }
        """;

    private static string Total((string Text, Metering.Domain.Invoices.Invoice Invoice) shown) =>
        JsonDocument.Parse(shown.Text).RootElement.GetProperty("commercial").GetProperty("total").GetString()!;
}
