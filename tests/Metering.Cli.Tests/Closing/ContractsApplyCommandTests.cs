using System.Text.Json;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Domain.Contracts;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// <c>metering contracts apply</c>: everything is validated first (reader, tenant registry, duplicate ids); any
/// problem is printed with its file and field path, exits 2 and stores nothing; otherwise every contract is stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContractsApplyCommandTests(AzuriteFixture azurite)
{
    private const string Tenants = """
        [
          {"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]},
          {"id": "acme-eu", "zone": "Europe/Paris", "sources": ["app://vendor"]},
          {"id": "globex", "zone": "Europe/Berlin", "sources": ["app://vendor"]}
        ]
        """;

    [Fact]
    public async Task Documents_And_Arrays_From_Several_Files_Are_All_Stored_And_Applying_Again_Changes_Nothing()
    {
        using var pipeline = await WithTenantsAsync();
        var single = pipeline.Write("portal.json", Contract("acme-portal"));
        var array = pipeline.Write("more.json", $"[{Contract("acme-meetings", tenants: "\"acme\", \"acme-eu\"")}, {Contract("globex-seats", tenants: "\"globex\"")}]");

        var first = await pipeline.RunAsync("contracts", "apply", single, array, "--json");
        var again = await pipeline.RunAsync("contracts", "apply", array, single, "--json");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal(
            [("acme-meetings", "Europe/Paris", "created"), ("acme-portal", "Europe/Paris", "created"), ("globex-seats", "Europe/Berlin", "created")],
            Statuses(first));
        Assert.All(Statuses(again), s => Assert.Equal("unchanged", s.Status));
        var stored = (await new BlobContractStore(pipeline.Account).ListAsync(default)).Contracts;
        Assert.Equal(["acme-meetings", "acme-portal", "globex-seats"], stored.Select(c => c.Id.Value));
    }

    [Fact]
    public async Task An_Amendment_Replaces_The_Stored_Document()
    {
        using var pipeline = await WithTenantsAsync();
        await pipeline.ContractsAsync(Contract("acme-portal"));

        var amended = await pipeline.ContractsAsync(Contract("acme-portal", extraVersion: """, { "version": 2, "effective": "2025-07-01", "template": "registered-users" }"""));

        Assert.Equal("amended", amended[0].GetProperty("status").GetString());
        var stored = await new BlobContractStore(pipeline.Account).GetAsync(ContractId.Parse("acme-portal"), default);
        Assert.Equal(2, stored!.Versions.Length);
    }

    [Fact]
    public async Task An_Amendment_That_Would_Cut_A_Closed_Window_Is_Refused_And_One_On_Its_Boundary_Is_Stored()
    {
        using var pipeline = await WithTenantsAsync();
        await pipeline.ContractsAsync(Contract("acme-portal"));
        await pipeline.CloseAsync("2025-04-05T00:00:00Z"); // January to March are closed.
        var midMarch = pipeline.Write("mid-march.json", Contract("acme-portal", extraVersion: """, { "version": 2, "effective": "2025-03-15", "template": "registered-users" }"""));
        var april = pipeline.Write("april.json", Contract("acme-portal", extraVersion: """, { "version": 2, "effective": "2025-04-01", "template": "registered-users" }"""));

        var refused = await pipeline.RunAsync("contracts", "apply", midMarch);
        var accepted = await pipeline.RunAsync("contracts", "apply", april, "--json");

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("window 2025-03-01_2025-03-31 is already closed", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(splits-closed-window)", refused.Error, StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == ExitCodes.Success, accepted.ToString());
        var stored = await new BlobContractStore(pipeline.Account).GetAsync(ContractId.Parse("acme-portal"), default);
        Assert.Equal(new NodaTime.LocalDate(2025, 4, 1), stored!.Versions[1].Effective);
    }

    [Fact]
    public async Task Every_Problem_Of_Every_File_Is_Listed_With_Its_Path_Exit_2_And_Nothing_Is_Stored()
    {
        using var pipeline = await WithTenantsAsync();
        var good = pipeline.Write("good.json", Contract("acme-portal"));
        var bad = pipeline.Write("bad.json", $$"""
            [
              {{Contract("acme-typo").Replace("monthly-active", "monthly-actve", StringComparison.Ordinal)}},
              {{Contract("acme-flex").Replace("\"monthly-active\"", "\"flex-true-forward\", \"parameters\": { \"knowledgeWorkers\": 249 }", StringComparison.Ordinal)}}
            ]
            """);

        var run = await pipeline.RunAsync("contracts", "apply", good, bad);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{bad}: [0].versions[0].template:", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}: [1].versions[0].parameters.knowledgeWorkers:", run.Error, StringComparison.Ordinal);
        Assert.Contains("(not-eligible)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(good, run.Error, StringComparison.Ordinal);
        Assert.Empty((await new BlobContractStore(pipeline.Account).ListAsync(default)).Contracts);
    }

    [Fact]
    public async Task Tenants_Unregistered_Or_Billing_In_Different_Zones_Are_Refused_And_Nothing_Is_Stored()
    {
        using var pipeline = await WithTenantsAsync();
        var good = pipeline.Write("good.json", Contract("acme-portal"));
        var zones = pipeline.Write("zones.json", Contract("acme-global", tenants: "\"acme\", \"globex\""));
        var unknown = pipeline.Write("unknown.json", Contract("acme-initech", tenants: "\"acme\", \"initech\""));

        var run = await pipeline.RunAsync("contracts", "apply", good, zones, unknown);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{zones}: tenants: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("(zones-differ)", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{unknown}: tenants[1]: tenant 'initech' is not registered (unregistered-tenant)", run.Error, StringComparison.Ordinal);
        Assert.Empty((await new BlobContractStore(pipeline.Account).ListAsync(default)).Contracts);
    }

    [Fact]
    public async Task The_Same_Contract_Id_Twice_Is_Refused()
    {
        using var pipeline = await WithTenantsAsync();
        var first = pipeline.Write("a.json", Contract("acme-portal"));
        var second = pipeline.Write("b.json", $"[{Contract("acme-other")}, {Contract("acme-portal", end: "2026-12-31")}]");

        var run = await pipeline.RunAsync("contracts", "apply", first, second);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"contract 'acme-portal' is given more than once ({first} $, {second} [1])", run.Error, StringComparison.Ordinal);
        Assert.Empty((await new BlobContractStore(pipeline.Account).ListAsync(default)).Contracts);
    }

    [Fact]
    public async Task Missing_Files_And_An_Empty_Array_Exit_2()
    {
        using var pipeline = await WithTenantsAsync();
        var empty = pipeline.Write("empty.json", "[]");

        var run = await pipeline.RunAsync("contracts", "apply", "/no/such/contract.json", empty);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("/no/such/contract.json: no such file.", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{empty}: the array holds no contract.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Table_Names_Each_Contract_Its_Versions_And_What_Was_Done()
    {
        using var pipeline = await WithTenantsAsync();

        var run = await pipeline.RunAsync("contracts", "apply", pipeline.Write("portal.json", Contract("acme-portal")));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("acme-portal", run.Out, StringComparison.Ordinal);
        Assert.Contains("v1 monthly-active from 2025-01-01", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 contract(s): 1 created, 0 amended, 0 unchanged.", run.Out, StringComparison.Ordinal);
    }

    private async Task<CliPipeline> WithTenantsAsync()
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(Tenants);
        return pipeline;
    }

    private static List<(string Contract, string Zone, string Status)> Statuses(CliRun run) =>
        [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Select(e =>
            (e.GetProperty("contract").GetString()!, e.GetProperty("zone").GetString()!, e.GetProperty("status").GetString()!))];

    private static string Contract(string id, string tenants = "\"acme\"", string end = "2025-12-31", string extraVersion = "") => $$"""
        {
          "id": "{{id}}",
          "tenants": [{{tenants}}],
          "term": { "start": "2025-01-01", "end": "{{end}}" },
          "versions": [ { "version": 1, "effective": "2025-01-01", "template": "monthly-active" }{{extraVersion}} ]
        }
        """;
}
