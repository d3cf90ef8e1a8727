using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Events;
using Metering.Domain.Invoices;
using Metering.Domain.Ports;
using Metering.Domain.Statements;
using Metering.Domain.Tenants;
using Metering.Pipeline.Closing;
using Metering.Storage.Tests.Support;
using Metering.Testing.Azurite;
using Metering.Testing.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Storage.Tests.Closing;

/// <summary>
/// Issue 11 on Azurite: every 90-day period and every month of a long window is closed into a statement when it ends
/// (plus grace), through the same scheduler, queue and closer as invoices; late events revise it; the year's invoice
/// agrees with its latest statements.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StatementCloseTests(AzuriteFixture azurite)
{
    private const string SecondYear = "2025-02-28_2026-02-27";
    private const string FirstPeriod = "2025-02-28_2025-05-28";

    // SAP's subscription year (seed 001), from a 29 February.
    private const string NinetyDayPeak = """
        {
          "id": "acme-sap",
          "tenants": ["acme"],
          "term": { "start": "2024-02-29", "end": "2026-02-27" },
          "versions": [ { "version": 1, "effective": "2024-02-29", "template": "ninety-day-peak" } ]
        }
        """;

    private const string YearActive = """
        {
          "id": "acme-year",
          "tenants": ["acme"],
          "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [ { "version": 1, "effective": "2025-01-01", "template": "contract-year-active",
                          "commercial": { "currency": "EUR", "unitPrice": "10.00" } } ]
        }
        """;

    private const string January = "2025-01-01_2025-01-31";
    private const string ProgressiveYear = "2025-01-01_2025-12-31";

    // YearActive billed progressively.
    private static readonly string ProgressiveYearActive =
        YearActive.Replace("\"unitPrice\": \"10.00\"", "\"unitPrice\": \"10.00\", \"progressive\": true", StringComparison.Ordinal);

    // Done when: a ninety-day-peak contract starting 2024-02-29, closed as of 2025-06-10, shows a published statement
    // for the first 90-day period of the second subscription year with its count, without waiting for 2026.
    [Fact]
    public async Task The_First_Period_Of_The_Second_Year_Is_Published_In_June_Without_Waiting_For_2026()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(NinetyDayPeak);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 6, 1, 0, 0),
            Event("1", "ana", "2025-03-01T10:00:00Z"),
            Event("2", "bob/b#2?", "2025-05-28T23:00:00Z"),
            Event("3", "cy", "2025-05-29T10:00:00Z"),
            Event("4", "dee", "2025-02-27T10:00:00Z"));

        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 6, 10, 0, 0));

        // The first year's invoice and its four periods, and the second year's first period; not the second year.
        Assert.Contains(scheduled.Requested, r => r is { WindowId: SecondYear, PeriodId: FirstPeriod, Reason: "due" });
        Assert.DoesNotContain(scheduled.Requested, r => r is { WindowId: SecondYear, PeriodId: null });
        Assert.Equal(["2024-02-29_2025-02-27"], scheduled.Requested.Where(r => r.PeriodId is null).Select(r => r.WindowId));
        Assert.Equal(4, scheduled.Requested.Count(r => r.WindowId == "2024-02-29_2025-02-27" && r.PeriodId is not null));
        Assert.Empty(drained.Failures);
        var (_, statement) = await harness.StatementAsync("acme-sap", SecondYear, FirstPeriod, 1);
        Assert.Equal(2, statement.Count);
        Assert.Equal("period 1", statement.Period.Label);
        Assert.Equal(
            [("period-count", 2m), ("running-maximum", 2m), ("days-remaining", 275m), ("days-uncovered", 5m)],
            statement.Figures.Select(f => (f.Name, f.Value)));
        var evidence = System.Text.Encoding.UTF8.GetString(await harness.BlobAsync(statement.Evidence.BlobName));
        Assert.Contains("\"unit\":\"ana\"", evidence, StringComparison.Ordinal);
        Assert.Contains("\"unit\":\"bob/b#2?\"", evidence, StringComparison.Ordinal);
        Assert.Empty(await harness.RevisionsAsync("acme-sap", SecondYear));
    }

    [Fact]
    public async Task A_Late_Event_Revises_Its_Period_And_The_Running_Maximum_After_It_And_A_Rerun_Writes_Nothing()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(NinetyDayPeak);
        await harness.IngestAsync(Instant.FromUtc(2025, 6, 1, 0, 0), Event("1", "ana", "2025-03-01T10:00:00Z"), Event("2", "bob", "2025-05-28T10:00:00Z"));
        await harness.CloseAsync(Instant.FromUtc(2025, 9, 1, 0, 0));
        var second = "2025-05-29_2025-08-26";
        Assert.Equal(0, (await harness.StatementAsync("acme-sap", SecondYear, second, 1)).Statement.Count);

        var late = await harness.IngestAsync(Instant.FromUtc(2025, 9, 2, 0, 0), Event("3", "cy", "2025-04-02T10:00:00Z"));
        var (scheduled, drained) = await harness.CloseAsync(Instant.FromUtc(2025, 9, 2, 1, 0));

        // The first period's count changes, and so does the second period's running maximum; nothing else is read.
        Assert.Equal(1, late.LateEvents);
        Assert.Equal(
            [(FirstPeriod, "late-events"), (second, "late-events")],
            scheduled.Requested.Select(r => (r.PeriodId, r.Reason)));
        Assert.Equal([CloseStatus.Written, CloseStatus.Written], drained.Outcomes.Select(o => o.Status));
        var (_, secondRevised) = await harness.StatementAsync("acme-sap", SecondYear, second, 2);
        Assert.Equal((0, 3m), (secondRevised.Count, secondRevised.Figures.Single(f => f.Name == "running-maximum").Value));
        var (stored, revised) = await harness.StatementAsync("acme-sap", SecondYear, FirstPeriod, 2);
        Assert.Equal(3, revised.Count);
        Assert.Equal(new Supersession(1, $"acme-sap.{SecondYear}.{FirstPeriod}.r1"), revised.Supersedes);
        Assert.Equal((2m, 3m, 1m), revised.Delta!.Figures.Where(f => f.Name == "count").Select(f => (f.Previous!.Value, f.Current!.Value, f.Change)).Single());
        Assert.Equal([(new LocalDate(2025, 4, 2), 1L)], revised.LateEvents.Select(e => (e.Key, e.Value)));
        Assert.Equal(1, stored.Baseline.Records);

        var (again, _) = await harness.CloseAsync(Instant.FromUtc(2025, 9, 3, 0, 0));
        Assert.Empty(again.Requested);
        Assert.Equal(2, (await harness.Statements.ListStatementRevisionsAsync(TenantId.Parse("acme"), ContractId.Parse("acme-sap"), SecondYear, FirstPeriod, default)).Count);
    }

    [Fact]
    public async Task A_Duplicate_Request_Publishes_One_Revision()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(NinetyDayPeak);
        await harness.IngestAsync(Instant.FromUtc(2025, 6, 1, 0, 0), Event("1", "ana", "2025-03-01T10:00:00Z"));
        harness.Clock.Reset(Instant.FromUtc(2025, 6, 10, 0, 0));
        var queue = harness.Services.GetRequiredService<ICloseQueue>();
        var request = new CloseRequest(ContractId.Parse("acme-sap"), SecondYear, "due", FirstPeriod);
        await queue.EnqueueAsync(request, default);
        await queue.EnqueueAsync(request, default);

        var drained = await harness.Services.GetRequiredService<CloseWorker>().DrainAsync(default);

        Assert.Equal([CloseStatus.Written, CloseStatus.Unchanged], drained.Outcomes.Select(o => o.Status));
        Assert.Single(await harness.Statements.ListStatementRevisionsAsync(TenantId.Parse("acme"), ContractId.Parse("acme-sap"), SecondYear, FirstPeriod, default));
    }

    [Fact]
    public async Task A_Period_Not_Yet_Due_Or_Not_Of_The_Window_Is_Skipped()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(NinetyDayPeak);
        harness.Clock.Reset(Instant.FromUtc(2025, 5, 30, 0, 0));
        var closer = harness.Services.GetRequiredService<WindowCloser>();

        var early = await closer.CloseAsync(new CloseRequest(ContractId.Parse("acme-sap"), SecondYear, "due", FirstPeriod), default);
        var foreign = await closer.CloseAsync(new CloseRequest(ContractId.Parse("acme-sap"), SecondYear, "due", "2025-03-01_2025-03-31"), default);

        Assert.Equal((CloseStatus.Skipped, "not due before 2025-05-31T00:00:00Z"), (early.Status, early.Detail));
        Assert.Equal((CloseStatus.Skipped, "the window has no such statement period"), (foreign.Status, foreign.Detail));
    }

    // The statements of a year, taken together, give its invoice: each month's newly seen units are the invoice's
    // evidence lines of that month, their counts add up to the billed quantity, and the last distinct-so-far is it.
    [Fact]
    public async Task The_Year_Invoice_Agrees_With_Its_Latest_Statements()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(YearActive);
        var events = new List<byte[]>();
        var id = 0;
        foreach (var (user, day) in new[] { ("ana", "2025-01-05"), ("bob", "2025-01-31"), ("ana", "2025-03-03"), ("cy", "2025-03-04"), ("dé", "2025-07-14"), ("bob", "2025-12-31") })
        {
            events.Add(Event((++id).ToString(System.Globalization.CultureInfo.InvariantCulture), user, $"{day}T12:00:00Z"));
        }

        await harness.IngestAsync(Instant.FromUtc(2026, 1, 1, 0, 0), [.. events]);
        await harness.CloseAsync(Instant.FromUtc(2026, 1, 5, 0, 0));
        var late = await harness.IngestAsync(Instant.FromUtc(2026, 1, 6, 0, 0), Event("99", "eve", "2025-02-10T12:00:00Z"));
        var (scheduled, _) = await harness.CloseAsync(Instant.FromUtc(2026, 1, 6, 1, 0));

        Assert.Equal(1, late.LateEvents);
        Assert.Contains(scheduled.Requested, r => r.PeriodId is null);
        var window = "2025-01-01_2025-12-31";
        var (_, invoice) = await harness.InvoiceAsync("acme-year", window, 2);
        var statements = new List<Statement>();
        await foreach (var revision in LatestAsync(harness.Statements, "acme-year"))
        {
            statements.Add((await harness.StatementAsync("acme-year", window, revision.PeriodId, revision.Revision)).Statement);
        }

        Assert.Equal(12, statements.Count);
        Assert.Equal([2L, 1L, 1L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L], statements.Select(s => s.Count));
        Assert.Equal(invoice.Figures.Quantity, statements.Sum(s => s.Count));
        Assert.Equal(invoice.Figures.Quantity, statements[^1].Figures.Single(f => f.Name == "distinct-so-far").Value);
        var invoiceLines = await LinesAsync(harness, invoice.Evidence.BlobName);
        var statementLines = new List<string>();
        foreach (var statement in statements)
        {
            statementLines.AddRange(await LinesAsync(harness, statement.Evidence.BlobName));
        }

        Assert.Equal(invoiceLines.Order(StringComparer.Ordinal), statementLines.Order(StringComparer.Ordinal));
        Assert.Equal(2, statements[1].Revision);
    }

    // Progressive billing: each month's statement bills its newly seen units; a late event for a past month revises that
    // month's statement and the one that had seen the unit first, with amount deltas; the months still add up to the
    // year, and the year's invoice credits exactly what they billed.
    [Fact]
    public async Task Progressive_Billing_Bills_Each_Month_And_A_Late_Event_Moves_A_Unit_To_Its_Month()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(ProgressiveYearActive);
        await harness.IngestAsync(
            Instant.FromUtc(2025, 3, 1, 0, 0),
            Event("1", "ana", "2025-01-05T12:00:00Z"),
            Event("2", "bob", "2025-02-10T12:00:00Z"),
            Event("3", "bob", "2025-01-20T12:00:00Z"));
        await harness.IngestAsync(Instant.FromUtc(2025, 4, 1, 0, 0), Event("4", "cy", "2025-03-15T12:00:00Z"), Event("5", "dé/#?", "2025-03-16T12:00:00Z"));
        await harness.CloseAsync(Instant.FromUtc(2025, 4, 5, 0, 0));
        string[] months = ["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-31"];
        var window = "2025-01-01_2025-12-31";
        var first = new List<Statement>();
        foreach (var month in months)
        {
            first.Add((await harness.StatementAsync("acme-year", window, month, 1)).Statement);
        }

        Assert.Equal([2L, 0L, 2L], first.Select(s => s.Count));
        Assert.Equal([20.00m, 0m, 20.00m], first.Select(s => s.Charges!.Total));

        // Cy's first login was in February after all: February bills Cy, March bills one less.
        var late = await harness.IngestAsync(Instant.FromUtc(2025, 4, 6, 0, 0), Event("6", "cy", "2025-02-27T12:00:00Z"));
        var (scheduled, _) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 6, 1, 0));

        Assert.Equal(1, late.LateEvents);
        Assert.Equal([months[1], months[2]], scheduled.Requested.Select(r => r.PeriodId));
        var (_, february) = await harness.StatementAsync("acme-year", window, months[1], 2);
        var (_, march) = await harness.StatementAsync("acme-year", window, months[2], 2);
        Assert.Equal((1L, 10.00m), (february.Count, february.Charges!.Total));
        Assert.Equal((1L, 10.00m), (march.Count, march.Charges!.Total));
        Assert.Equal((20.00m, 10.00m, -10.00m), march.Delta!.Amounts.Where(a => a.Name == "total").Select(a => (a.Previous!.Value, a.Current!.Value, a.Change)).Single());
        Assert.Single(await harness.Statements.ListStatementRevisionsAsync(TenantId.Parse("acme"), ContractId.Parse("acme-year"), window, months[0], default));

        // The year closes: four users, billed 40.00 by the months, credited on the invoice, which owes nothing more.
        await harness.CloseAsync(Instant.FromUtc(2026, 1, 5, 0, 0));
        var (_, invoice) = await harness.InvoiceAsync("acme-year", window, 1);
        var latest = new List<Statement>();
        await foreach (var revision in LatestAsync(harness.Statements, "acme-year"))
        {
            latest.Add((await harness.StatementAsync("acme-year", window, revision.PeriodId, revision.Revision)).Statement);
        }

        Assert.Equal(12, latest.Count);
        Assert.Equal(4, invoice.Figures.Quantity);
        Assert.Equal(invoice.Figures.Quantity, latest.Sum(s => s.Count));
        Assert.Equal(40.00m, latest.Sum(s => s.Charges!.Total));
        Assert.Equal([("base", 40.00m), ("progressive-credit", -40.00m)], invoice.Charges!.Lines.Select(l => (l.Code, l.Amount)));
        Assert.Equal(0m, invoice.Charges.Total);
    }

    // An alias declared in March, on time (no late event), merges two logins of January: January's statement, closed in
    // February, billed two users; when the year closes, it is closed once more (reason window-closed), bills one, and
    // the year's invoice credits what the months billed in the end.
    [Fact]
    public async Task A_Statement_Closed_Before_Its_Window_Is_Closed_Again_With_It_To_Take_In_Later_Aliases()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await JanuaryBilledTwiceAsync(harness);
        Assert.Equal((2L, 20.00m), await CountAndTotalAsync(harness, ProgressiveYear, January, 1));

        var alias = await harness.IngestAsync(
            Instant.FromUtc(2025, 3, 11, 0, 0),
            CloudEvents.Body("3", CloseHarness.Source, "acme", "user.created", "ana", "2025-03-10T09:00:00Z", """{"aliases":["ana@example.com"]}"""));
        var (spring, _) = await harness.CloseAsync(Instant.FromUtc(2025, 4, 5, 0, 0));
        var (yearEnd, _) = await harness.CloseAsync(Instant.FromUtc(2026, 1, 5, 0, 0));

        Assert.Equal((1, 0), (alias.Accepted, alias.LateEvents));
        Assert.DoesNotContain(spring.Requested, r => r.PeriodId == January);
        Assert.Contains(yearEnd.Requested, r => r is { PeriodId: "2025-01-01_2025-01-31", Reason: "window-closed" });
        Assert.Equal((1L, 10.00m), await CountAndTotalAsync(harness, ProgressiveYear, January, 2));
        var (_, invoice) = await harness.InvoiceAsync("acme-year", ProgressiveYear, 1);
        Assert.Equal(1, invoice.Figures.Quantity);
        Assert.Equal(0m, invoice.Charges!.Total);
        var (again, _) = await harness.CloseAsync(Instant.FromUtc(2026, 1, 6, 0, 0));
        Assert.Empty(again.Requested);
    }

    // Once the year is due, a statement closed again (window-closed) before the year's invoice raises the watermarks to
    // the year's end: a fact of the year arriving between the two closes is late for both, and brings the statement
    // back with the invoice, so they never read different facts.
    [Fact]
    public async Task A_Fact_Arriving_Between_A_Statement_And_Its_Year_At_The_Year_End_Brings_Both_Back()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await JanuaryBilledTwiceAsync(harness);

        // The year end: January's statement alone is closed again first (the queue runs closes in any order).
        harness.Clock.Reset(Instant.FromUtc(2026, 1, 5, 0, 0));
        var closed = await harness.Services.GetRequiredService<WindowCloser>().CloseAsync(new CloseRequest(ContractId.Parse("acme-year"), ProgressiveYear, "window-closed", January), default);
        var alias = await harness.IngestAsync(
            Instant.FromUtc(2026, 1, 5, 1, 0),
            CloudEvents.Body("3", CloseHarness.Source, "acme", "user.created", "ana", "2025-12-20T09:00:00Z", """{"aliases":["ana@example.com"]}"""));
        var (scheduled, _) = await harness.CloseAsync(Instant.FromUtc(2026, 1, 5, 2, 0));

        Assert.Equal(CloseStatus.Unchanged, closed.Status);
        Assert.Equal((1, 1), (alias.Accepted, alias.LateEvents));
        Assert.Contains(scheduled.Requested, r => r is { PeriodId: "2025-01-01_2025-01-31", Reason: "late-events" });
        Assert.Equal((1L, 10.00m), await CountAndTotalAsync(harness, ProgressiveYear, January, 2));
        var (_, invoice) = await harness.InvoiceAsync("acme-year", ProgressiveYear, 1);
        Assert.Equal((1, 0m), (invoice.Figures.Quantity, invoice.Charges!.Total));
    }

    // The progressive year, with two logins in January (as "ana" and "ana@example.com", not yet aliases) and January's
    // statement closed in February: it bills two users.
    private static async Task JanuaryBilledTwiceAsync(CloseHarness harness)
    {
        await harness.ApplyAsync(ProgressiveYearActive);
        await harness.IngestAsync(Instant.FromUtc(2025, 2, 1, 0, 0), Event("1", "ana", "2025-01-05T12:00:00Z"), Event("2", "ana@example.com", "2025-01-06T12:00:00Z"));
        await harness.CloseAsync(Instant.FromUtc(2025, 2, 4, 0, 0));
    }

    private static async Task<(long Count, decimal Total)> CountAndTotalAsync(CloseHarness harness, string window, string period, int revision)
    {
        var (_, statement) = await harness.StatementAsync("acme-year", window, period, revision);
        return (statement.Count, statement.Charges!.Total);
    }

    // A contract replaced by other means than 'contracts apply' so that a year with statements but no invoice is gone
    // (apply accepts this amendment: the year is not billed by its months): the schedule names its statements, which stand.
    [Fact]
    public async Task The_Statements_Of_A_Window_The_Contract_No_Longer_Has_Are_Reported()
    {
        await using var harness = await CloseHarness.CreateAsync(azurite, "UTC");
        await harness.ApplyAsync(YearActive);
        await harness.IngestAsync(Instant.FromUtc(2025, 3, 1, 0, 0), Event("1", "ana", "2025-01-05T12:00:00Z"));
        await harness.CloseAsync(Instant.FromUtc(2025, 3, 5, 0, 0));
        await harness.ApplyAsync(YearActive.Replace(
            "\"unitPrice\": \"10.00\" } }",
            "\"unitPrice\": \"10.00\" } }, { \"version\": 2, \"effective\": \"2025-02-15\", \"template\": \"unique-logins\" }",
            StringComparison.Ordinal));

        var scheduled = await harness.Services.GetRequiredService<CloseScheduler>().ScheduleAsync(Instant.FromUtc(2025, 3, 6, 0, 0), default);

        var problem = Assert.Single(scheduled.Problems);
        Assert.Contains("no longer has window 2025-01-01_2025-12-31, whose statements of 2 period(s) are published", problem, StringComparison.Ordinal);
        Assert.Equal(["2025-01-01_2025-02-14"], scheduled.Requested.Select(r => r.WindowId).Distinct());
    }

    private static async IAsyncEnumerable<StatementRevision> LatestAsync(IStatementStore store, string contract)
    {
        StatementRevision? last = null;
        await foreach (var revision in store.ListStatementsAsync(TenantId.Parse("acme"), ContractId.Parse(contract), default))
        {
            if (last is not null && last.PeriodId != revision.PeriodId)
            {
                yield return last;
            }

            last = revision;
        }

        if (last is not null)
        {
            yield return last;
        }
    }

    private static async Task<string[]> LinesAsync(CloseHarness harness, string blobName) =>
        System.Text.Encoding.UTF8.GetString(await harness.BlobAsync(blobName)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // SAP counts application launches; the year-active rule counts logins too.
    private static byte[] Event(string id, string subject, string time) =>
        CloudEvents.Body(id, CloseHarness.Source, "acme", EventCatalog.AppLaunched, subject, time);
}
