using System.Text.Json;
using Azure.Core;
using Metering.Cli.Tests.Support;
using Metering.Domain.Templates;
using Metering.Testing.Azurite;
using Metering.Testing.Faults;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// Closes that race or crash, through the CLI (docs/closing.md, docs/reliability.md): two closers at once write one invoice per window, and a
/// close interrupted after publishing the invoice and before recording it in the ledger resumes without a second
/// revision.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrencyScenarioTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_Closes_At_Once_Schedule_And_Drain_Concurrently_And_Publish_One_Revision_Per_Window()
    {
        using var pipeline = await IngestedAsync(TemplateNames.MeetingHostsPerDeployment);
        var scenario = TemplateScenarios.For(TemplateNames.MeetingHostsPerDeployment);

        var runs = await Task.WhenAll(
            pipeline.RunAsync("close", "--as-of", scenario.CloseAt, "--json"),
            pipeline.RunAsync("close", "--as-of", scenario.CloseAt, "--json"),
            pipeline.RunAsync("close", "--as-of", scenario.CloseAt, "--json"));

        Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.Success, r.ToString()));
        var rows = runs.SelectMany(r => JsonDocument.Parse(r.Out).RootElement.GetProperty("closes").EnumerateArray())
            .Select(r => (Window: r.GetProperty("window").GetString(), Status: r.GetProperty("status").GetString(), Revision: r.GetProperty("revision").GetInt32()))
            .ToList();
        Assert.Single(rows, r => r.Status == "written");
        Assert.All(rows, r => Assert.Equal((scenario.Window, 1), (r.Window, r.Revision)));
        Assert.Single(await RevisionsAsync(pipeline));
        var (_, invoice) = await pipeline.ShowAsync("acme", scenario.ContractId, scenario.Window);
        Assert.Equal(scenario.Quantity, invoice.Figures.Quantity);
        Assert.Equal(1, await pipeline.AssertEveryInvoiceValidAsync());
    }

    [Fact]
    public async Task A_Close_Crashing_Between_The_Invoice_And_The_Ledger_Resumes_Without_A_Second_Revision()
    {
        using var pipeline = await IngestedAsync(TemplateNames.AccessIdUsers);
        var scenario = TemplateScenarios.For(TemplateNames.AccessIdUsers);
        var ledgerWrite = FaultInjector.FailWhen(
            m => (m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith($"/{pipeline.Prefix}closes", StringComparison.Ordinal))
                || (m.Request.Method != RequestMethod.Get && m.Request.Uri.Path.Contains($"/{pipeline.Prefix}closes(", StringComparison.Ordinal)),
            FaultKind.IOException);

        var crashed = await pipeline.RunThroughAsync(ledgerWrite, "close", "--as-of", scenario.CloseAt, "--json");
        var published = await RevisionsAsync(pipeline);
        var resumed = await pipeline.CloseAsync(scenario.CloseAt);

        Assert.Equal(ExitCodes.StorageFailed, crashed.ExitCode);
        Assert.Equal(1, ledgerWrite.Faults);
        Assert.Single(published);
        var row = Assert.Single(resumed.GetProperty("closes").EnumerateArray());
        Assert.Equal(("due", "unchanged", 1), (row.GetProperty("reason").GetString(), row.GetProperty("status").GetString(), row.GetProperty("revision").GetInt32()));
        Assert.Single(await RevisionsAsync(pipeline));
        Assert.Equal(1, await pipeline.AssertEveryInvoiceValidAsync());
    }

    private async Task<CliPipeline> IngestedAsync(string template)
    {
        var scenario = TemplateScenarios.For(template);
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(scenario.TenantsJson);
        await pipeline.ContractsAsync(scenario.Contract);
        await pipeline.IngestAsync(scenario.IngestAt, scenario.Events);
        return pipeline;
    }

    private static async Task<List<JsonElement>> RevisionsAsync(CliPipeline pipeline)
    {
        var run = await pipeline.RunAsync("invoices", "list", "--json");
        return [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray()];
    }
}
