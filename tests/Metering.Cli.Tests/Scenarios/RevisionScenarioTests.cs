using System.Text.Json;
using Metering.Cli.Tests.Support;
using Metering.Domain.Formats;
using Metering.Domain.Templates;
using Metering.Testing.Azurite;
using NodaTime;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// After a close, through the CLI: late events revise the window (docs/closing.md) with supersedes, delta and late-event
/// counts; a re-sent late event or a re-ingested file revises nothing; an amendment revises the windows it governs,
/// citing the new version.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RevisionScenarioTests(AzuriteFixture azurite)
{
    private const string March = "2025-03-01_2025-03-31";
    private const string Contract = "acme-monthly-active";

    [Fact]
    public async Task Late_Events_Write_Revision_2_Superseding_1_With_The_Delta_And_The_Late_Counts()
    {
        using var pipeline = await ClosedMarchAsync();
        var late = new EventFile(firstId: 1000)
            .Login("hal", "2025-03-15T10:00:00+01:00")
            .Login("ana", "2025-03-16T10:00:00+01:00")
            .Login("hal", "2025-04-04T10:00:00+02:00");

        var ingested = await pipeline.IngestAsync("2025-04-05T08:00:00Z", late);
        var closed = await pipeline.CloseAsync("2025-04-05T09:00:00Z");
        var (_, invoice) = await pipeline.ShowAsync("acme", Contract, March);
        Assert.Equal(2, invoice.Revision);

        Assert.Equal(3, ingested.GetProperty("accepted").GetInt64());
        var row = Assert.Single(closed.GetProperty("closes").EnumerateArray());
        Assert.Equal(("late-events", "written", 2, 5L, "13.70"), (row.GetProperty("reason").GetString(), row.GetProperty("status").GetString(), row.GetProperty("revision").GetInt32(), row.GetProperty("quantity").GetInt64(), row.GetProperty("total").GetString()));

        // 5 users: 3 included at 2.50 = 7.50, 2 over at 3.10 = 6.20 (was 1 over, 3.10): total 10.60 -> 13.70.
        Assert.Equal((1, "acme-monthly-active.2025-03-01_2025-03-31.r1"), (invoice.Supersedes!.Revision, invoice.Supersedes.InvoiceId));
        Assert.Equal((4m, 5m, 1m), Change(invoice, "quantity"));
        Assert.Equal((3.10m, 6.20m, 3.10m), Amount(invoice, "lines.overage"));
        Assert.Equal((7.50m, 7.50m, 0.00m), Amount(invoice, "lines.base"));
        Assert.Equal((10.60m, 13.70m, 3.10m), Amount(invoice, "total"));
        Assert.Equal([(new LocalDate(2025, 3, 15), 1L), (new LocalDate(2025, 3, 16), 1L)], invoice.LateEvents.Select(e => (e.Key, e.Value)));
        Assert.Equal(
            ["acme:ana", "acme:bob/b#2?%\\ zoë", "acme:dan", "acme:eve", "acme:hal"],
            Domain.Formats.EvidenceFile.Parse(await pipeline.EvidenceAsync(invoice)).Lines.Select(l => $"{l.Tenant}:{l.Unit}"));
    }

    [Fact]
    public async Task A_Late_Event_Sent_Again_In_Another_File_Writes_No_Revision()
    {
        using var pipeline = await ClosedMarchAsync();
        var late = new EventFile(firstId: 1000).Login("hal", "2025-03-15T10:00:00+01:00");
        await pipeline.IngestAsync("2025-04-05T08:00:00Z", late);
        await pipeline.CloseAsync("2025-04-05T09:00:00Z");

        var resent = new EventFile(firstId: 2000).Resend(late.Bodies[0]).Login("ivy", "2025-04-06T10:00:00+02:00");
        var ingested = await pipeline.IngestAsync("2025-04-06T12:00:00Z", resent);
        var closed = await pipeline.CloseAsync("2025-04-06T13:00:00Z");
        var quiet = await pipeline.CloseAsync("2025-04-07T13:00:00Z");

        Assert.Equal(0, ingested.GetProperty("batchesAlreadyRecorded").GetInt64());
        // The re-sent event falls on a March day, already closed: ingest itself reports it as late (ivy's April
        // login is not).
        Assert.Equal(1, ingested.GetProperty("lateEvents").GetInt64());
        var row = Assert.Single(closed.GetProperty("closes").EnumerateArray());
        Assert.Equal(("late-events", "unchanged", 2), (row.GetProperty("reason").GetString(), row.GetProperty("status").GetString(), row.GetProperty("revision").GetInt32()));
        Assert.Equal(0, quiet.GetProperty("scheduled").GetInt32());
        var revisions = await RevisionsAsync(pipeline, March);
        Assert.Equal([1, 2], revisions);
    }

    [Fact]
    public async Task The_Same_Late_File_Ingested_Twice_Leaves_Nothing_To_Close()
    {
        using var pipeline = await ClosedMarchAsync();
        var path = pipeline.Write("late.ndjson", new EventFile(firstId: 1000).Login("hal", "2025-03-15T10:00:00+01:00").Ndjson());
        await pipeline.IngestFileAsync("2025-04-05T08:00:00Z", path);
        await pipeline.CloseAsync("2025-04-05T09:00:00Z");

        var again = await pipeline.IngestFileAsync("2025-04-06T08:00:00Z", path);
        var closed = await pipeline.CloseAsync("2025-04-06T09:00:00Z");

        Assert.Equal(1, again.GetProperty("batchesAlreadyRecorded").GetInt64());
        Assert.Equal(0, again.GetProperty("entitiesWritten").GetInt64());
        Assert.Equal((0L, 0L, 1L), (again.GetProperty("accepted").GetInt64(), again.GetProperty("lateEvents").GetInt64(), again.GetProperty("eventsAlreadyRecorded").GetInt64()));
        Assert.Equal(0, closed.GetProperty("scheduled").GetInt32());
        var revisions = await RevisionsAsync(pipeline, March);
        Assert.Equal([1, 2], revisions);
    }

    [Fact]
    public async Task An_Amendment_After_The_Close_Revises_The_Windows_It_Governs_Citing_The_New_Version()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(TemplateScenarios.For(TemplateNames.MonthlyActive).TenantsJson);
        await pipeline.ContractsAsync(Amendable());
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile()
            .Login("ana", "2025-02-10T10:00:00+01:00")
            .Login("ana", "2025-03-10T10:00:00+01:00")
            .Login("bob", "2025-03-11T10:00:00+01:00"));
        await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");

        // Version 2 from 1 March: 3.00 a user instead of 2.50. February stays under version 1.
        var applied = await pipeline.ContractsAsync(Amendable("""{ "version": 2, "effective": "2025-03-01", "template": "monthly-active", "commercial": { "currency": "EUR", "unitPrice": "3.00" } }"""));
        var closed = await pipeline.CloseAsync("2025-04-04T00:00:00+02:00");
        var (_, march) = await pipeline.ShowAsync("acme", "acme-amended", March);
        var (_, february) = await pipeline.ShowAsync("acme", "acme-amended", "2025-02-01_2025-02-28");

        Assert.Equal("amended", applied[0].GetProperty("status").GetString());
        Assert.Equal(
            [("2025-02-01_2025-02-28", "amended", "unchanged", 1), (March, "amended", "written", 2)],
            closed.GetProperty("closes").EnumerateArray().Select(r => (r.GetProperty("window").GetString(), r.GetProperty("reason").GetString(), r.GetProperty("status").GetString(), r.GetProperty("revision").GetInt32())));
        Assert.Equal((2, 2, new LocalDate(2025, 3, 1)), (march.Revision, march.Contract.Version, march.Contract.Effective));
        Assert.Equal((5.00m, 6.00m, 1.00m), Amount(march, "total"));
        Assert.Empty(march.LateEvents);
        Assert.Equal((1, 1), (february.Revision, february.Contract.Version));
    }

    // An amendment changes how a closed window counts; until its re-close publishes, explain reads the window under the
    // version of now. The revision was billed under version 1: the difference is the amendment's, and explain says so
    // instead of blaming events that never arrived.
    [Fact]
    public async Task Explaining_A_Revision_Billed_Under_An_Earlier_Version_Names_Both_Versions_And_Blames_No_Late_Events()
    {
        using var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(TemplateScenarios.For(TemplateNames.MonthlyActive).TenantsJson);
        await pipeline.ContractsAsync(Amendable());
        await pipeline.IngestAsync("2025-04-01T00:00:00Z", new EventFile().Login("bob", "2025-03-11T10:00:00+01:00"));
        await pipeline.CloseAsync("2025-04-03T00:00:00+02:00");

        // Version 2 from 1 March counts launches of the app only: bob's login no longer counts.
        await pipeline.ContractsAsync(Amendable("""{ "version": 2, "effective": "2025-03-01", "template": "monthly-active", "parameters": { "types": ["app.launched"] }, "commercial": { "currency": "EUR", "unitPrice": "2.50" } }"""));
        var text = await pipeline.RunAsync("explain", "acme", "acme-amended", March, "bob");
        var json = await pipeline.RunAsync("explain", "acme", "acme-amended", March, "bob", "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains("Billed in revision 1 (under version 1): yes.", text.Out, StringComparison.Ordinal);
        Assert.Contains("Counted under version 2 by the stored activity now: no; revision 1 was billed under version 1, and version 2 governs the window now", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("events arrived", text.Out, StringComparison.Ordinal);
        var published = JsonDocument.Parse(json.Out).RootElement.GetProperty("published");
        Assert.Equal((1, 1), (published.GetProperty("revision").GetInt32(), published.GetProperty("version").GetInt32()));
    }

    private async Task<CliPipeline> ClosedMarchAsync()
    {
        var scenario = TemplateScenarios.For(TemplateNames.MonthlyActive);
        var pipeline = new CliPipeline(azurite);
        await pipeline.TenantsAsync(scenario.TenantsJson);
        await pipeline.ContractsAsync(scenario.Contract);
        await pipeline.IngestAsync(scenario.IngestAt, scenario.Events);
        var closed = await pipeline.CloseAsync(scenario.CloseAt);
        Assert.Equal("written", Assert.Single(closed.GetProperty("closes").EnumerateArray()).GetProperty("status").GetString());
        return pipeline;
    }

    private static async Task<int[]> RevisionsAsync(CliPipeline pipeline, string window)
    {
        var run = await pipeline.RunAsync("invoices", "list", "--contract", Contract, "--json");
        return [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Where(e => e.GetProperty("window").GetString() == window).Select(e => e.GetProperty("revision").GetInt32())];
    }

    private static (decimal?, decimal?, decimal) Change(Domain.Invoices.Invoice invoice, string name) => Entry(invoice.Delta!.Figures, name);

    private static (decimal?, decimal?, decimal) Amount(Domain.Invoices.Invoice invoice, string name) => Entry(invoice.Delta!.Amounts, name);

    private static (decimal?, decimal?, decimal) Entry(IEnumerable<Domain.Invoices.DeltaEntry> entries, string name)
    {
        var entry = entries.Single(e => e.Name == name);
        return (entry.Previous, entry.Current, entry.Change);
    }

    private static string Amendable(string? secondVersion = null) => $$"""
        {
          "id": "acme-amended",
          "tenants": ["acme"],
          "term": { "start": "2025-02-01", "end": "2025-12-31" },
          "versions": [
            { "version": 1, "effective": "2025-02-01", "template": "monthly-active", "commercial": { "currency": "EUR", "unitPrice": "2.50" } }{{(secondVersion is null ? string.Empty : ",\n    " + secondVersion)}}
          ]
        }
        """;
}
