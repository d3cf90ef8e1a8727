using System.Text.Json;
using Metering.Cli.Commands;
using Metering.Cli.Demo;
using Metering.Cli.Reading;
using Metering.Cli.Tests.Support;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Tests.Commands;

/// <summary>
/// docs/explaining.md on the demo's data (issue 12, items 2, 3 and 7): every unit of every published demo invoice is
/// explained as counted, every other subject of its tenants' telemetry as not counted with a reason; <c>reconcile</c>
/// agrees with an invoice's own evidence and names exactly an id removed and an id added.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExplainCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_Billed_Unit_Of_Every_Demo_Invoice_Is_Counted_And_Every_Other_Subject_Of_Its_Tenants_Has_A_Reason()
    {
        var demo = await DemoAsync();
        await using var services = SharedDemo.Services(azurite, demo.Prefix);
        var explainer = ActivatorUtilities.CreateInstance<WindowExplainer>(services);
        var invoices = services.GetRequiredService<IInvoiceStore>();
        var latest = new Dictionary<string, Domain.Closing.InvoiceRevision>(StringComparer.Ordinal);
        await foreach (var revision in invoices.ListAsync(null, null, CancellationToken.None))
        {
            latest[$"{revision.Tenant}/{revision.Contract}/{revision.WindowId}"] = revision;
        }

        Assert.True(latest.Count >= 19, $"{latest.Count} windows");
        long counted = 0, excluded = 0;
        foreach (var revision in latest.Values)
        {
            var invoice = InvoiceJson.Read((await invoices.ReadAsync(revision, CancellationToken.None))!.Json);
            var others = invoice.Tenants.SelectMany(t => demo.Subjects.GetValueOrDefault(t.Value, [])).ToHashSet(StringComparer.Ordinal);
            var wanted = new InvoiceRevisionArguments.Wanted(revision.Tenant, revision.Contract, revision.WindowId, null);

            var explanation = await explainer.ExplainAsync(wanted, published => [.. published!.Units.Union(others).Select(u => new Subject(u))], DemoWorld.LateAsOf, CancellationToken.None);

            var where = revision.BlobName;
            var billed = explanation.Published!.Units;
            Assert.True(explanation.AgreesWithPublished, where);
            Assert.Equal(invoice.Evidence.Lines, explanation.Units.Sum(u => (long)u.Finding.Evidence.Length));
            foreach (var unit in explanation.Units)
            {
                var name = $"{where}: '{unit.Finding.Unit}': {unit.Finding.Reason}";
                if (billed.Contains(unit.Finding.Unit.Value))
                {
                    Assert.True(unit.Billed == true && unit.Finding.Counted, name);
                    Assert.StartsWith("counted: it qualified ", unit.Finding.Reason, StringComparison.Ordinal);
                    counted++;
                }
                else
                {
                    Assert.True(unit.Billed == false && !unit.Finding.Counted, name);
                    Assert.StartsWith("not counted: ", unit.Finding.Reason, StringComparison.Ordinal);
                    Assert.True(unit.Finding.Reason.Length > "not counted: ".Length + 20, name);
                    excluded++;
                }
            }
        }

        Assert.True(counted > 100 && excluded > 100, $"{counted} counted, {excluded} excluded");
    }

    [Fact]
    public async Task Explain_Says_Why_In_Words_And_As_Json()
    {
        var demo = await DemoAsync();
        var (tenant, contract, window, unit) = await FirstBilledAsync(demo, "acme-portal-mau");
        var stranger = demo.Subjects[tenant].First(s => s != unit);

        var text = await CliRun.RunAsync(["explain", tenant, contract, window, unit, .. Storage(demo)]);
        var json = await CliRun.RunAsync(["explain", tenant, contract, window, stranger, "--json", .. Storage(demo)]);

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains($"'{unit}' in {tenant}/{contract}/{window} (monthly-active, version 1, billing zone ", text.Out, StringComparison.Ordinal);
        Assert.Contains("Billed in revision ", text.Out, StringComparison.Ordinal);
        Assert.Contains("Why: counted: it qualified on 2025-", text.Out, StringComparison.Ordinal);
        Assert.Contains("a qualifying event within the days measured (2025-", text.Out, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var found = JsonDocument.Parse(json.Out).RootElement.GetProperty("unit");
        Assert.Equal(stranger, found.GetProperty("unit").GetString());
        Assert.Equal(found.GetProperty("billed").GetBoolean(), found.GetProperty("countedNow").GetBoolean());
        Assert.StartsWith(found.GetProperty("billed").GetBoolean() ? "counted: " : "not counted: ", found.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    // docs/cli.md: UNIT is the unit exactly as sent, any character allowed; one starting with '@' is not a file of arguments.
    [Fact]
    public async Task A_Unit_Starting_With_An_At_Sign_Is_Explained_As_Given()
    {
        var demo = await DemoAsync();
        var (tenant, contract, window, _) = await FirstBilledAsync(demo, "acme-portal-mau");

        var run = await CliRun.RunAsync(["explain", tenant, contract, window, "@no-such-file", "--json", .. Storage(demo)]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("@no-such-file", JsonDocument.Parse(run.Out).RootElement.GetProperty("unit").GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Reconciling_An_Invoice_With_Its_Own_Evidence_Agrees_And_One_Id_Removed_And_One_Added_Are_Exactly_The_Differences()
    {
        var demo = await DemoAsync();
        var (tenant, contract, window, _) = await FirstBilledAsync(demo, "acme-portal-mau");
        var evidence = await CliRun.RunAsync(["invoices", "evidence", tenant, contract, window, "--csv", .. Storage(demo)]);
        Assert.True(evidence.ExitCode == ExitCodes.Success, evidence.ToString());
        var files = new TestFiles();
        var whole = files.Write("evidence.csv", evidence.Out);
        var units = evidence.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[1]).ToList();
        var removed = units[units.Count / 2];
        var edited = files.Write("customer.txt", string.Join('\n', units.Where(u => u != removed).Append("not-a-customer-user")) + "\n");

        var same = await CliRun.RunAsync(["reconcile", tenant, contract, window, "--list", whole, .. Storage(demo)]);
        var differ = await CliRun.RunAsync(["reconcile", tenant, contract, window, "--list", edited, "--json", .. Storage(demo)]);
        var table = await CliRun.RunAsync(["reconcile", tenant, contract, window, "--list", edited, .. Storage(demo)]);

        Assert.True(same.ExitCode == ExitCodes.Success, same.ToString());
        Assert.Contains("The list and the invoice agree.", same.Out, StringComparison.Ordinal);
        Assert.True(differ.ExitCode == ExitCodes.ListsDiffer, differ.ToString());
        var report = JsonDocument.Parse(differ.Out).RootElement;
        Assert.False(report.GetProperty("agree").GetBoolean());
        Assert.Equal(units.Count - 1, report.GetProperty("matched").GetInt32());
        var billedOnly = Assert.Single(report.GetProperty("billedNotListed").EnumerateArray());
        Assert.Equal(removed, billedOnly.GetProperty("unit").GetString());
        Assert.StartsWith("counted: it qualified on 2025-", billedOnly.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var listedOnly = Assert.Single(report.GetProperty("listedNotBilled").EnumerateArray());
        Assert.Equal("not-a-customer-user", listedOnly.GetProperty("unit").GetString());
        Assert.StartsWith("not counted: no activity of 'not-a-customer-user' is stored on the days measured (2025-", listedOnly.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(table.ExitCode == ExitCodes.ListsDiffer, table.ToString());
        Assert.Contains("billed, not listed", table.Out, StringComparison.Ordinal);
        Assert.Contains("listed, not billed", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explain", "acme", "no-such-contract", "2025-01-01_2025-01-31", "no applied contract has the id")]
    [InlineData("explain", "globex", "acme-portal-mau", "2025-01-01_2025-01-31", "is billed to 'acme'")]
    [InlineData("explain", "acme", "acme-portal-mau", "2025-01-02_2025-01-31", "has no window 2025-01-02_2025-01-31")]
    [InlineData("reconcile", "acme", "acme-portal-mau", "2026-01-01_2026-01-31", "has no window")]
    public async Task What_Does_Not_Exist_Is_The_Users_Input(string verb, string tenant, string contract, string window, string problem)
    {
        var demo = await DemoAsync();
        var list = new TestFiles().Write("list.txt", "ana\n");
        string[] extra = verb == "explain" ? ["ana"] : ["--list", list];

        var run = await CliRun.RunAsync([verb, tenant, contract, window, .. extra, .. Storage(demo)]);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
    }

    private string[] Storage(Demo demo) => ["--storage", azurite.ConnectionString, "--prefix", demo.Prefix];

    private async Task<(string Tenant, string Contract, string Window, string Unit)> FirstBilledAsync(Demo demo, string contract)
    {
        await using var services = SharedDemo.Services(azurite, demo.Prefix);
        var invoices = services.GetRequiredService<IInvoiceStore>();
        await foreach (var revision in invoices.ListAsync(null, null, CancellationToken.None))
        {
            if (revision.Contract.Value != contract)
            {
                continue;
            }

            var invoice = InvoiceJson.Read((await invoices.ReadAsync(revision, CancellationToken.None))!.Json);
            if (invoice.Evidence.Lines > 2)
            {
                await using var content = (await invoices.OpenEvidenceAsync(invoice.Evidence.BlobName, CancellationToken.None))!;
                using var reader = new StreamReader(content);
                var unit = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement.GetProperty("unit").GetString()!;
                return (revision.Tenant.Value, revision.Contract.Value, revision.WindowId, unit);
            }
        }

        throw new InvalidOperationException($"The demo published no invoice of {contract} with units.");
    }

    // The shared demo, with the subjects of every tenant's telemetry (the events it sent, late ones included).
    private async Task<Demo> DemoAsync()
    {
        var shared = await SharedDemo.GetAsync(azurite);
        var subjects = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "events.ndjson", "late.ndjson" })
        {
            foreach (var line in await File.ReadAllLinesAsync(Path.Combine(shared.Output, "telemetry", file)))
            {
                if (Subject(line) is ({ } tenant, { } subject))
                {
                    (subjects.TryGetValue(tenant, out var set) ? set : subjects[tenant] = new HashSet<string>(StringComparer.Ordinal)).Add(subject);
                }
            }
        }

        return new Demo(shared.Prefix, subjects);
    }

    private static (string? Tenant, string? Subject) Subject(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("tenantid", out var tenant) && tenant.ValueKind == JsonValueKind.String && TenantId.IsValid(tenant.GetString()!)
                && root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String && subject.GetString()!.Length > 0
                ? (tenant.GetString(), subject.GetString())
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private sealed record Demo(string Prefix, Dictionary<string, HashSet<string>> Subjects);
}
