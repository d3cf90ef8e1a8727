using System.Text;
using System.Text.Json;
using Metering.Cli.Tests.Scenarios;
using Metering.Cli.Tests.Support;
using Metering.Domain.Formats;
using Metering.Storage.Closing;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Closing;

/// <summary>
/// <c>metering invoices evidence</c> (issue 12, item 1): the counted units of a revision, checked against the SHA-256
/// and line count the invoice states before anything is printed; a file that differs or is missing exits 5.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoicesEvidenceCommandTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";

    [Fact]
    public async Task Json_Is_The_Stored_Evidence_Byte_For_Byte_And_Csv_And_Text_Hold_The_Same_Units()
    {
        using var pipeline = await CreateAsync();

        var json = await pipeline.RunAsync("invoices", "evidence", "acme", "acme-portal", March, "--json");
        var csv = await pipeline.RunAsync("invoices", "evidence", "acme", "acme-portal", March, "--csv");
        var text = await pipeline.RunAsync("invoices", "evidence", "acme", "acme-portal", March);

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var invoice = InvoiceJson.Read(Encoding.UTF8.GetBytes((await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", March)).Out));
        Assert.Equal(await pipeline.EvidenceAsync(invoice), Encoding.UTF8.GetBytes(json.Out));
        var units = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("unit").GetString()!).ToArray();
        Assert.Equal(["=1+2", "ana", "o\"brien, jr", "zoë/ünï"], units);
        Assert.Equal(
            ["tenant,unit,dimension,qualifier,detail", "acme,'=1+2,,2025-03-04,", "acme,ana,,2025-03-02,", "acme,\"o\"\"brien, jr\",,2025-03-03,", "acme,zoë/ünï,,2025-03-10,"],
            csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("tenant\tunit\tdimension\tqualifier\tdetail", lines[0]);
        Assert.Equal("acme\to\"brien, jr\t-\t2025-03-03\t-", lines[3]);
        Assert.StartsWith($"4 counted unit(s) of acme/acme-portal/{March}/r1.json; the file matches the SHA-256 the invoice states ({invoice.Evidence.Sha256})", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("changed")]
    [InlineData("missing")]
    public async Task Evidence_That_Does_Not_Match_Its_Invoice_Prints_Nothing_And_Exits_5(string damage)
    {
        using var pipeline = await CreateAsync();
        var invoice = InvoiceJson.Read(Encoding.UTF8.GetBytes((await pipeline.RunAsync("invoices", "show", "acme", "acme-portal", March)).Out));
        var blob = pipeline.Account.Blobs.GetBlobContainerClient(pipeline.Account.Names.Invoices).GetBlobClient(invoice.Evidence.BlobName);
        if (damage == "missing")
        {
            await blob.DeleteAsync();
        }
        else
        {
            var bytes = await pipeline.EvidenceAsync(invoice);
            await blob.UploadAsync(BinaryData.FromString(Encoding.UTF8.GetString(bytes).Replace("\"ana\"", "\"anna\"", StringComparison.Ordinal)), overwrite: true);
        }

        var run = await pipeline.RunAsync("invoices", "evidence", "acme", "acme-portal", March, "--json");

        Assert.Equal(ExitCodes.EvidenceMismatch, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        Assert.Contains(damage == "missing" ? "is missing" : invoice.Evidence.Sha256, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--json", "--csv")]
    [InlineData("--revision", "7")]
    public async Task Conflicting_Formats_Or_A_Revision_That_Does_Not_Exist_Exit_2(string option, string value)
    {
        using var pipeline = await CreateAsync();

        var run = await pipeline.RunAsync("invoices", "evidence", "acme", "acme-portal", March, option, value);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(option == "--json" ? "choose one" : "has no revision 7; its revisions are 1", run.Error, StringComparison.Ordinal);
    }

    private async Task<CliPipeline> CreateAsync()
    {
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync("""[{"id": "acme", "zone": "Europe/Paris", "sources": ["app://vendor"]}]""");
        await pipeline.ContractsAsync("""
            {
              "id": "acme-portal",
              "tenants": ["acme"],
              "term": { "start": "2025-02-01", "end": "2025-12-31" },
              "versions": [ { "version": 1, "effective": "2025-02-01", "template": "monthly-active" } ]
            }
            """);
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile()
            .Login("zoë/ünï", "2025-03-10T09:00:00+01:00")
            .Login("o\"brien, jr", "2025-03-03T09:00:00+01:00")
            .Login("ana", "2025-03-02T09:00:00+01:00")
            .Login("=1+2", "2025-03-04T09:00:00+01:00"));
        await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");
        return pipeline;
    }
}
