using System.Collections.Immutable;
using System.Text;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Statements;
using Metering.Domain.Templates;
using Metering.Domain.Tenants;
using Metering.Domain.Tests.Invoices;
using Metering.Domain.Tests.Support;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Statements;

/// <summary>
/// Issue 11, the statement document: its JSON (schema-checked, read back byte for byte), its id, its fingerprint (what
/// a re-close compares), its delta, and where it is stored beside its window's invoices.
/// </summary>
public class StatementDocumentTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 10, 0, 0);

    public static TheoryData<string, string, string, int, bool> Kinds => new()
    {
        { TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, false },
        { TemplateNames.UniqueLogins, "2025-01-01", "2026-12-31", 0, false },
        { TemplateNames.UniqueLogins, "2025-01-01", "2026-12-31", 0, true },
        { TemplateNames.FlexTrueForward, "2025-01-01", "2027-12-31", 0, false },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_Statement_Is_Valid_Against_Its_Schema_And_Reads_Back_Byte_For_Byte(string template, string start, string end, int window, bool progressive)
    {
        var statement = Draft(template, start, end, window, period: 0, progressive: progressive);
        Assert.Equal(progressive, statement.Charges is not null);
        var json = StatementJson.Write(statement);

        await StatementSchema.AssertValidAsync(json);
        Assert.Equal(json, StatementJson.Write(StatementJson.Read(json)));
        var superseding = Draft(template, start, end, window, period: 0, extra: "zed", progressive: progressive).Supersede(statement, ImmutableSortedDictionary<LocalDate, long>.Empty.Add(new LocalDate(2025, 3, 2), 3));
        var second = StatementJson.Write(superseding);
        await StatementSchema.AssertValidAsync(second);
        Assert.Equal(second, StatementJson.Write(StatementJson.Read(second)));
        if (progressive)
        {
            // The month bills one more unit; the delta shows it in money as an invoice's would.
            Assert.Equal((1m, 2m), (statement.Count, superseding.Count));
            Assert.Equal((2.5m, 5m, 2.5m), superseding.Delta!.Amounts.Where(a => a.Name == "total").Select(a => (a.Previous!.Value, a.Current!.Value, a.Change)).Single());
            Assert.Equal("EUR", superseding.Delta.Currency!.Value.Code);
        }
    }

    [Fact]
    public void A_Ninety_Day_Statement_Names_Its_Period_Figures_And_Evidence()
    {
        var statement = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0);

        Assert.Equal("acme-sap.2025-02-28_2026-02-27.2025-02-28_2025-05-28.r1", statement.StatementId);
        Assert.Equal("period 1", statement.Period.Label);
        Assert.Equal(StatementKind.Period, statement.Period.Kind);
        Assert.Equal(2, statement.Count);
        Assert.Equal(["period-count", "running-maximum", "days-remaining", "days-uncovered"], statement.Figures.Select(f => f.Name));
        Assert.Equal(2, statement.Evidence.Lines);
        Assert.Equal("acme/acme-sap/2025-02-28_2026-02-27/statements/2025-02-28_2025-05-28/evidence-" + statement.Evidence.Sha256 + ".ndjson", statement.Evidence.BlobName);
        Assert.Contains(statement.Notes, n => n.Contains("nothing is owed", StringComparison.Ordinal));
        var text = Encoding.UTF8.GetString(StatementJson.Write(statement));
        Assert.Contains("\"kind\": \"statement\"", text, StringComparison.Ordinal);
        Assert.Contains("\"commercial\": null", text, StringComparison.Ordinal);
        Assert.Null(statement.Charges);
    }

    [Fact]
    public void The_Fingerprint_Ignores_What_Only_Names_The_Revision_And_Sees_Every_Figure()
    {
        var first = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0);
        var later = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0) with { GeneratedAt = Now.Plus(Duration.FromDays(3)) };
        var changed = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0, extra: "zed");

        Assert.Equal(StatementJson.Fingerprint(first), StatementJson.Fingerprint(later));
        Assert.Equal(StatementJson.Fingerprint(first), StatementJson.Fingerprint(later.Supersede(first, ImmutableSortedDictionary<LocalDate, long>.Empty)));
        Assert.NotEqual(StatementJson.Fingerprint(first), StatementJson.Fingerprint(changed));
        Assert.NotEqual(StatementJson.Fingerprint(first), StatementJson.Fingerprint(first with { Figures = first.Figures.SetItem(1, first.Figures[1] with { Value = 9 }) }));
    }

    [Fact]
    public void A_Later_Revision_Supersedes_The_One_Before_With_Its_Delta()
    {
        var first = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0);
        var late = ImmutableSortedDictionary<LocalDate, long>.Empty.Add(new LocalDate(2025, 4, 1), 1);

        var second = Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0, extra: "zed").Supersede(first, late);

        Assert.Equal(2, second.Revision);
        Assert.Equal("acme-sap.2025-02-28_2026-02-27.2025-02-28_2025-05-28.r2", second.StatementId);
        Assert.Equal(new Supersession(1, first.StatementId), second.Supersedes);
        Assert.Equal(late, second.LateEvents);
        Assert.Equal(
            [("count", 2m, 3m, 1m), ("figures.running-maximum", 2m, 3m, 1m), ("figures.days-remaining", 275m, 275m, 0m), ("figures.days-uncovered", 5m, 5m, 0m)],
            second.Delta!.Figures.Select(e => (e.Name, e.Previous!.Value, e.Current!.Value, e.Change)));
    }

    [Fact]
    public void An_Invoice_Is_Not_A_Statement()
    {
        var error = Assert.Throws<FormatException>(() => StatementJson.Read(InvoiceJson.Write(InvoiceSamples.Invoice())));

        Assert.StartsWith("Not a statement: kind is missing", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => InvoiceJson.Read(StatementJson.Write(Draft(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27", 1, period: 0))));
    }

    [Theory]
    [InlineData("acme/acme-sap/2025-02-28_2026-02-27/statements/2025-02-28_2025-05-28/r3.json", true)]
    [InlineData("acme/acme-sap/2025-02-28_2026-02-27/r3.json", false)]
    [InlineData("acme/acme-sap/2025-02-28_2026-02-27/statements/2025-02-28_2025-05-28/evidence-ab.ndjson", false)]
    [InlineData("acme/acme-sap/2025-02-28_2026-02-27/other/2025-02-28_2025-05-28/r3.json", false)]
    public void A_Statement_Revision_Is_Stored_In_Its_Window_Folder_And_Never_Taken_For_An_Invoice(string blobName, bool isStatement)
    {
        var parsed = StatementRevision.TryParse(blobName);

        Assert.Equal(isStatement, parsed is not null);
        Assert.Null(InvoiceRevision.TryParse(isStatement ? blobName : "acme/acme-sap/x/statements/y/r1.json"));
        if (parsed is not null)
        {
            Assert.Equal(new StatementRevision(TenantId.Parse("acme"), ContractId.Parse("acme-sap"), "2025-02-28_2026-02-27", "2025-02-28_2025-05-28", 3), parsed);
            Assert.Equal(blobName, parsed.BlobName);
        }
    }

    [Fact]
    public void A_Statement_Reads_Activity_Through_Its_Period_And_The_Window_Facts()
    {
        var scenario = new Scenario();
        var contract = scenario.Contract(TemplateNames.NinetyDayPeak, "2024-02-29", "2026-02-27");
        var year = scenario.Windows(contract)[1];

        var needs = StatementCalendar.NeedsOf(contract, year, StatementCalendar.PeriodsOf(year)[0]);

        // Activity through the period's month; facts (aliases) through the window's last month, as its invoice reads them.
        Assert.Equal(new YearMonth(2025, 2), needs.PresenceMonths[0]);
        Assert.Equal(new YearMonth(2025, 5), needs.PresenceMonths[^1]);
        Assert.Equal(year.Needs.FactsThrough, needs.FactsThrough);
        Assert.Equal(new YearMonth(2026, 2), needs.FactsThrough);
    }

    // The ninety-day-peak subscription from 29 February 2024, measured as of 10 June 2025.
    private static Statement Draft(string template, string start, string end, int window, int period, string? extra = null, bool progressive = false)
    {
        var scenario = new Scenario()
            .Active("ana", "2025-03-01", EventCatalog.AppLaunched)
            .Active("bob", "2025-05-28", EventCatalog.AppLaunched)
            .Active("cy", "2025-05-29", EventCatalog.AppLaunched)
            .Hosted("ana", "2025-01-10")
            .Active("ana", "2025-01-10", EventCatalog.AppLaunched)
            .Active("ana", "2025-01-11");
        if (extra is not null)
        {
            scenario.Active(extra, "2025-04-01", EventCatalog.AppLaunched).Active(extra, "2025-01-20", EventCatalog.AppLaunched).Hosted(extra, "2025-01-20").Active(extra, "2025-01-21");
        }

        var plain = scenario.Contract(template, start, end, template == TemplateNames.FlexTrueForward ? TemplateParameters.None.With(TemplateParameterRules.KnowledgeWorkers, 1000) : null);
        var contract = plain with
        {
            Id = ContractId.Parse("acme-sap"),
            Versions = progressive ? [plain.Versions[0] with { Commercial = new CommercialTerms { Currency = "EUR", UnitPrice = 2.5m, Progressive = true } }] : plain.Versions,
        };
        var scheduled = scenario.Windows(contract)[window];
        var chosen = StatementCalendar.PeriodsOf(scheduled)[period];
        var measured = StatementMeasurement.Of(contract, scheduled, chosen, scenario.InputsFor(StatementCalendar.NeedsOf(contract, scheduled, chosen)));
        var evidence = EvidenceFile.Build(measured.Evidence);
        var name = StatementRevision.EvidenceBlobName(contract.BillingTenant, contract.Id, scheduled.Window.Id, chosen.Id, evidence.Sha256);
        return Statement.Draft(contract, scheduled.Version, scheduled.Window, measured, evidence.Reference(name), Now);
    }
}
