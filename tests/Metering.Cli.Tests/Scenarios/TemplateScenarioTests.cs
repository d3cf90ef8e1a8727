using System.Security.Cryptography;
using Metering.Cli.Tests.Support;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Templates;
using Metering.Testing.Azurite;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// Every template of docs/rules.md, 5 end to end through the CLI, as a user runs it: tenants apply, contracts apply, ingest,
/// close --as-of, invoices show. Each invoice is checked against figures worked out by hand from its clause
/// (<see cref="TemplateScenarios"/>), against the invoice schema, and against its evidence file.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TemplateScenarioTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Templates => new(TemplateNames.All);

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Each_Template_Closes_To_Its_Hand_Computed_Invoice(string template)
    {
        var scenario = TemplateScenarios.For(template);
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(scenario.TenantsJson);
        await pipeline.ContractsAsync(scenario.Contract);

        var ingested = await pipeline.IngestAsync(scenario.IngestAt, scenario.Events);
        var closed = await pipeline.CloseAsync(scenario.CloseAt);
        var (_, invoice) = await pipeline.ShowAsync("acme", scenario.ContractId, scenario.Window);

        Assert.Equal(scenario.Events.Bodies.Count, ingested.GetProperty("accepted").GetInt64());
        var row = closed.GetProperty("closes").EnumerateArray().Single(c => c.GetProperty("window").GetString() == scenario.Window && c.GetProperty("kind").GetString() == "invoice");
        Assert.Equal(("written", 1, scenario.Quantity), (row.GetProperty("status").GetString(), row.GetProperty("revision").GetInt32(), row.GetProperty("quantity").GetInt64()));

        Assert.Equal(template, invoice.Template.Name);
        Assert.Equal((1, scenario.Window, scenario.Zone), (invoice.Revision, invoice.Window.Id, invoice.Window.Zone.Id));
        Assert.Null(invoice.Supersedes);
        Assert.Null(invoice.Delta);
        Assert.Empty(invoice.LateEvents);
        Assert.Equal(scenario.Quantity, invoice.Figures.Quantity);

        var evidenceBytes = await pipeline.EvidenceAsync(invoice);
        var evidence = EvidenceFile.Parse(evidenceBytes);
        Assert.Equal(invoice.Evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(evidenceBytes)));
        Assert.Equal(invoice.Evidence.Lines, evidence.LineCount);
        Assert.Equal(scenario.Units, evidence.Lines.Select(l => $"{l.Tenant}:{l.Unit}"));

        if (scenario.Lines is { } expected)
        {
            var charges = invoice.Charges;
            Assert.NotNull(charges);
            Assert.Equal(expected.Lines, charges.Lines.Select(l => (l.Code, charges.Currency.Format(l.Amount))));
            Assert.Equal(expected.Total, charges.Currency.Format(charges.Total));
            Assert.Equal(expected.Total, row.GetProperty("total").GetString());
        }
        else
        {
            Assert.Null(invoice.Charges);
        }

        if (scenario.Check is { } check)
        {
            await check(pipeline, invoice, evidence.Lines);
        }

        // A long window's statements were closed with it (issue 11) and agree with its invoice: each period's or month's
        // count is the invoice's sub-window count, or, for a distinct count, the months' newly seen units add up to it.
        var closes = closed.GetProperty("closes").EnumerateArray().ToList();
        var statements = closes.Where(c => c.GetProperty("kind").GetString() == "statement" && c.GetProperty("window").GetString() == scenario.Window).ToList();
        Assert.All(statements, s => Assert.Equal("written", s.GetProperty("status").GetString()));
        string[] yearly = [TemplateNames.NinetyDayPeak, TemplateNames.FlexTrueForward, TemplateNames.ContractYearActive, TemplateNames.UniqueLogins, TemplateNames.TermLogins];
        Assert.Equal(yearly.Contains(template), statements.Count > 0);
        if (!invoice.Figures.SubWindows.IsEmpty)
        {
            Assert.Equal(invoice.Figures.SubWindows.Select(w => w.Count), statements.Select(s => s.GetProperty("quantity").GetInt64()));
        }
        else if (statements.Count > 0)
        {
            Assert.Equal(invoice.Figures.Quantity, statements.Sum(s => s.GetProperty("quantity").GetInt64()));
        }

        Assert.Equal(closes.Count(c => c.GetProperty("kind").GetString() == "invoice"), await pipeline.AssertEveryInvoiceValidAsync());
    }
}
