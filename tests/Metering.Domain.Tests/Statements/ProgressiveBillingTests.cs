using System.Collections.Immutable;
using CsCheck;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Statements;
using Metering.Domain.Templates;
using Metering.Domain.Tests.Support;
using NodaTime;

namespace Metering.Domain.Tests.Statements;

/// <summary>
/// Issue 11, progressive billing: a distinct count over a contract year bills each month's newly seen units on the
/// month's statement, and the year's invoice credits what the months billed, so that the months add up to the annual
/// figure, in units and in money, however late the events arrive.
/// </summary>
public class ProgressiveBillingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 0, 0);

    // A price of three decimals: each month's amount is rounded to cents, and the months must still add up to the year's.
    private static readonly CommercialTerms Terms = new() { Currency = "EUR", UnitPrice = 0.125m, Progressive = true };

    [Fact]
    public void Each_Month_Bills_Its_Newly_Seen_Units_And_The_Year_Invoice_Credits_Them()
    {
        var scenario = new Scenario()
            .Active("ana", "2025-01-05").Active("bob", "2025-01-31")
            .Active("ana", "2025-03-03").Active("cy", "2025-03-04")
            .Active("dee", "2025-07-14");
        var (contract, year) = Year(scenario);

        var months = Statements(contract, year, scenario);
        var invoice = Invoice(contract, year, scenario);

        Assert.Equal([2L, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0], months.Select(m => m.Count));
        Assert.Equal(["0.25", "0.00", "0.13", "0.00", "0.00", "0.00", "0.12", "0.00", "0.00", "0.00", "0.00", "0.00"], months.Select(m => m.Charges!.Currency.Format(m.Charges.Total)));
        var line = Assert.Single(months[2].Charges!.Lines);
        Assert.Equal((LineCode.Progressive, 1L, 0.125m), (line.Code, line.Quantity, line.UnitPrice));
        Assert.Contains("first seen in 2025-03", line.Description, StringComparison.Ordinal);
        Assert.Contains(months[0].Notes, n => n.Contains("billed progressively", StringComparison.Ordinal));

        Assert.Equal(4, invoice.Figures.Quantity);
        Assert.Equal([(LineCode.Base, 0.50m), (LineCode.ProgressiveCredit, -0.50m)], invoice.Charges!.Lines.Select(l => (l.Code, l.Amount)));
        Assert.Equal(0m, invoice.Charges.Total);
        Assert.Equal(invoice.Charges.Lines[0].Amount, months.Sum(m => m.Charges!.Total));
    }

    [Fact]
    public void Without_The_Term_A_Statement_Owes_Nothing_And_The_Invoice_Bills_The_Year()
    {
        var scenario = new Scenario().Active("ana", "2025-01-05").Active("bob", "2025-02-01");
        var (contract, year) = Year(scenario, Terms with { Progressive = false });

        Assert.All(Statements(contract, year, scenario), m => Assert.Null(m.Charges));
        Assert.Equal([(LineCode.Base, 0.25m)], Invoice(contract, year, scenario).Charges!.Lines.Select(l => (l.Code, l.Amount)));
    }

    // Property: events of a year arrive in any order, some up to 100 days late; the close runs a few days after every
    // month and once after the year. At each close, the published statements of the months due add up, in units, to
    // the distinct count of what has arrived through the last due month and, in money, to that count priced and
    // rounded once; a month changes when a late event changes it; after the year, the invoice bills the year's count,
    // credits exactly what the months billed, and owes nothing more.
    [Fact]
    public void The_Months_Add_Up_To_The_Year_In_Units_And_Money_However_Late_The_Events_Arrive()
    {
        var gen =
            from events in Gen.Select(Gen.Int[0, 7], Gen.Int[0, 364], Gen.Int[0, 100]).Array[1, 30]
            select events;
        gen.Sample(events =>
        {
            var start = new LocalDate(2025, 1, 1);
            var arrivals = events.Select(e => (User: $"u{e.Item1}", Day: start.PlusDays(e.Item2), Arrives: start.PlusDays(e.Item2 + e.Item3))).ToList();
            for (var close = 0; close <= 12; close++)
            {
                // The close of month k runs on the 4th of the month after it (grace 2 days); the last one in 2026-04.
                var asOf = new LocalDate(2025, 1, 4).PlusMonths(close == 12 ? 15 : close + 1);
                var arrived = arrivals.Where(a => a.Arrives < asOf).ToList();
                var scenario = new Scenario();
                foreach (var (user, day, _) in arrived)
                {
                    scenario.Active(user, day.ToString("yyyy-MM-dd", null));
                }

                var (contract, year) = Year(scenario);
                var due = StatementCalendar.PeriodsOf(year).Where(p => p.Window.Days.End.PlusDays(3) <= asOf).ToList();
                var statements = due.Select(p => Statement(contract, year, p, scenario)).ToList();
                for (var k = 0; k < statements.Count; k++)
                {
                    var monthEnd = statements[k].Period.Window.Days.End;
                    var distinct = arrived.Where(a => a.Day <= monthEnd).Select(a => a.User).Distinct().LongCount();
                    Assert.Equal(distinct, statements.Take(k + 1).Sum(s => s.Count));
                    Assert.Equal(distinct, statements[k].Figures.Single(f => f.Name == StatementMeasurement.DistinctSoFar).Value);
                    Assert.Equal(Math.Round(distinct * 0.125m, 2, MidpointRounding.AwayFromZero), statements.Take(k + 1).Sum(s => s.Charges!.Total));
                }

                // Each month bills exactly the users whose first event, of all that have arrived, is in it: a late event
                // moves a user to an earlier month, and both months change.
                foreach (var statement in statements)
                {
                    var month = statement.Period.Window.Days;
                    Assert.Equal(arrived.GroupBy(a => a.User).Count(g => month.Contains(g.Min(a => a.Day))), statement.Count);
                }

                if (close == 12)
                {
                    var invoice = Invoice(contract, year, scenario);
                    Assert.Equal(12, statements.Count);
                    Assert.Equal(invoice.Figures.Quantity, statements.Sum(s => s.Count));
                    Assert.Equal(invoice.Charges!.Lines.Single(l => l.Code == LineCode.Base).Amount, statements.Sum(s => s.Charges!.Total));
                    Assert.Equal(-statements.Sum(s => s.Charges!.Total), invoice.Charges.Lines.Single(l => l.Code == LineCode.ProgressiveCredit).Amount);
                    Assert.Equal(0m, invoice.Charges.Total);
                }
            }
        }, iter: 60);
    }

    // An alias declared in March merges two logins of January into one user: January's statement, closed in February,
    // billed two; closed again when the year is (reason window-closed), it bills one, and the months still add up to the
    // invoice, which credits them.
    [Fact]
    public void An_Alias_Declared_Later_Moves_The_Money_Back_When_The_Window_Closes()
    {
        var early = new Scenario().Active("ana", "2025-01-05").Active("ana@example.com", "2025-01-06");
        var late = new Scenario().Active("ana", "2025-01-05").Active("ana@example.com", "2025-01-06")
            .Fact("ana", "2025-03-10T09:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] });
        var terms = Terms with { UnitPrice = 10m };
        var (contract, year) = Year(early, terms);
        var january = StatementCalendar.PeriodsOf(year)[0];

        var billed = Statement(contract, year, january, early);
        var revised = Statement(contract, year, january, late).Supersede(billed, ImmutableSortedDictionary<LocalDate, long>.Empty);
        var invoice = Invoice(contract, year, late);

        Assert.Equal((2L, 20.00m), (billed.Count, billed.Charges!.Total));
        Assert.Equal((1L, 10.00m), (revised.Count, revised.Charges!.Total));
        Assert.Equal(-10.00m, revised.Delta!.Amounts.Single(a => a.Name == "total").Change);
        Assert.Equal(1, invoice.Figures.Quantity);
        Assert.Equal([(LineCode.Base, 10.00m), (LineCode.ProgressiveCredit, -10.00m)], invoice.Charges!.Lines.Select(l => (l.Code, l.Amount)));
        Assert.Equal(invoice.Figures.Quantity, Statements(contract, year, late).Sum(m => m.Count));
    }

    private static (Contract Contract, ScheduledWindow Year) Year(Scenario scenario, CommercialTerms? terms = null)
    {
        var plain = scenario.Contract(TemplateNames.ContractYearActive, "2025-01-01", "2025-12-31");
        var contract = plain with { Versions = [plain.Versions[0] with { Commercial = terms ?? Terms }] };
        return (contract, scenario.Windows(contract)[0]);
    }

    private static List<Statement> Statements(Contract contract, ScheduledWindow year, Scenario scenario) =>
        [.. StatementCalendar.PeriodsOf(year).Select(p => Statement(contract, year, p, scenario))];

    private static Statement Statement(Contract contract, ScheduledWindow year, StatementPeriod period, Scenario scenario)
    {
        var measured = StatementMeasurement.Of(contract, year, period, scenario.InputsFor(StatementCalendar.NeedsOf(contract, year, period)));
        var evidence = EvidenceFile.Build(measured.Evidence);
        return Metering.Domain.Statements.Statement.Draft(contract, year.Version, year.Window, measured, evidence.Reference("e"), Now);
    }

    private static Invoice Invoice(Contract contract, ScheduledWindow year, Scenario scenario)
    {
        var measurement = RuleEngine.Measure(contract, year, scenario.InputsFor(year));
        return Metering.Domain.Invoices.Invoice.Draft(contract, year.Version, year.Window, measurement, EvidenceFile.Build(measurement.Evidence).Reference("e"), Now);
    }
}
