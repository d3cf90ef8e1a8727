using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using NodaTime;
using NodaTime.Text;

namespace Metering.Domain.Tests.Closing;

public sealed class AmendmentCheckTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    // A monthly contract for 2025 whose January to March windows are closed.
    private static readonly string[] ClosedQ1 = ["2025-01-01_2025-01-31", "2025-02-01_2025-02-28", "2025-03-01_2025-03-31"];

    [Theory]
    [InlineData("2025-04-01", "2025-12-31", 0)] // effective on the first open month: allowed
    [InlineData("2025-03-01", "2025-12-31", 0)] // on a closed window's boundary: the window stays whole, it is revised
    [InlineData("2025-03-15", "2025-12-31", 1)] // inside closed March: March would be billed twice
    [InlineData("2025-01-02", "2025-12-31", 1)] // inside closed January
    [InlineData("2025-06-15", "2025-12-31", 0)] // inside an open month: nothing closed is touched
    [InlineData("2025-04-01", "2025-02-14", 2)] // a term cut to mid-February drops March and cuts February
    public void An_Amendment_May_Not_Cut_Move_Or_Drop_A_Closed_Window(string effective, string termEnd, int problems)
    {
        var stored = Contract("2025-12-31", null);
        var amended = Contract(termEnd, effective);

        var found = AmendmentCheck.Problems(stored, amended, Paris, ClosedQ1);

        Assert.Equal(problems, found.Count);
        Assert.All(found, p => Assert.Equal("splits-closed-window", p.Code));
    }

    [Theory]
    [InlineData("acme", "acme-eu", false)] // the billing tenant stays first: an affiliate added
    [InlineData("acme-eu", "acme", true)] // acme-eu first: March would be invoiced again under it
    public void An_Amendment_May_Not_Move_The_Billing_Tenant_Of_Invoiced_Windows(string first, string second, bool refused)
    {
        var stored = Contract("2025-12-31", null);
        var amended = Contract("2025-12-31", null, [first, second]);

        var found = AmendmentCheck.Problems(stored, amended, Paris, ClosedQ1);

        Assert.Equal(refused ? ["moves-billing-tenant"] : [], found.Select(p => p.Code));
        Assert.Empty(AmendmentCheck.Problems(stored, amended, Paris, Array.Empty<string>()));
    }

    [Theory]
    [InlineData("2025-03-01", "JPY", 1)] // March is closed and billed in EUR: a revision in JPY cannot supersede it
    [InlineData("2025-04-01", "JPY", 0)] // only open windows change currency
    [InlineData("2025-03-01", "EUR", 0)] // a new price in the same currency is revised as usual
    public void An_Amendment_May_Not_Change_The_Currency_Of_An_Invoiced_Window(string effective, string currency, int problems)
    {
        var stored = Priced(null, "EUR");
        var amended = Priced(effective, currency);

        var found = AmendmentCheck.Problems(stored, amended, Paris, ClosedQ1);

        Assert.Equal(problems, found.Count(p => p.Code == "changes-currency"));
        Assert.Equal(problems, found.Count);
    }

    private static Contract Priced(string? amendmentEffective, string currency)
    {
        var amendment = amendmentEffective is null
            ? string.Empty
            : $$""", { "version": 2, "effective": "{{amendmentEffective}}", "template": "monthly-active", "commercial": { "currency": "{{currency}}", "unitPrice": "300" } }""";
        var read = ContractReader.Read($$"""
            {
              "id": "acme-portal",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "2025-12-31" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "monthly-active", "commercial": { "currency": "EUR", "unitPrice": "2.50" } }{{amendment}} ]
            }
            """);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Contract!;
    }

    [Fact]
    public void Nothing_Closed_Means_Any_Amendment_Is_Allowed()
    {
        Assert.Empty(AmendmentCheck.Problems(Contract("2025-12-31", null), Contract("2025-12-31", "2025-03-15"), Paris, Array.Empty<string>()));
    }

    // A year whose first months have statements: they hold the year only when they bill it (progressive billing); an
    // invoice record always does.
    [Theory]
    [InlineData(true, null, 1)]
    [InlineData(false, null, 0)]
    [InlineData(false, "invoice", 1)]
    public void Statements_Hold_A_Window_Only_When_Its_Months_Are_Billed(bool progressive, string? invoice, int problems)
    {
        var commercial = progressive ? """, "commercial": { "currency": "EUR", "unitPrice": "1", "progressive": true }""" : string.Empty;
        Contract Year(string? amendment) => ContractReader.Read($$"""
            {
              "id": "acme-year",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "2026-12-31" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "contract-year-active"{{commercial}} }{{amendment}} ]
            }
            """).Contract!;
        var stored = Year(null);
        var amended = Year(""", { "version": 2, "effective": "2025-07-01", "template": "unique-logins" }""");
        var year = "2025-01-01_2025-12-31";
        var records = new List<CloseRecord>
        {
            new(stored.Id, year, 1, "f", 0, "d", Instant.FromUtc(2025, 3, 5, 0, 0), "2025-01-01_2025-01-31"),
            new(stored.Id, year, 1, "f", 0, "d", Instant.FromUtc(2025, 3, 5, 0, 0), "2025-02-01_2025-02-28"),
        };
        if (invoice is not null)
        {
            records.Add(new(stored.Id, year, 1, "f", 0, "d", Instant.FromUtc(2026, 1, 5, 0, 0)));
        }

        var closed = AmendmentCheck.ClosedWindows(stored, Paris, records);

        Assert.Equal(problems, closed.Count);
        Assert.Equal(problems, AmendmentCheck.Problems(stored, amended, Paris, closed).Count);
    }

    // A year billed by its months, with January's statement published, and its version edited in place (the window keeps
    // its id): billing it otherwise (another rule, or no longer progressively) would bill January again at the year's
    // end; keeping it billed by the same months (a new price, another distinct count) revises the statements instead.
    [Theory]
    [InlineData("""{ "currency": "EUR", "unitPrice": "2", "progressive": true }""", "unique-logins", 0)]
    [InlineData("""{ "currency": "EUR", "unitPrice": "1" }""", "contract-year-active", 1)]
    [InlineData("""{ "currency": "EUR", "unitPrice": "1" }""", "registered-users", 1)]
    public void A_Year_Billed_By_Its_Months_Keeps_Being_Billed_So(string commercial, string template, int problems)
    {
        Contract Year(string template, string terms) => ContractReader.Read($$"""
            {
              "id": "acme-year",
              "tenants": ["acme"],
              "term": { "start": "2025-01-01", "end": "2026-12-31" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "{{template}}", "commercial": {{terms}} } ]
            }
            """).Contract!;
        var stored = Year("contract-year-active", """{ "currency": "EUR", "unitPrice": "1", "progressive": true }""");
        var amended = Year(template, commercial);
        var record = new CloseRecord(stored.Id, "2025-01-01_2025-12-31", 1, "f", 0, "d", Instant.FromUtc(2025, 2, 5, 0, 0), "2025-01-01_2025-01-31");

        var found = AmendmentCheck.Problems(stored, amended, Paris, [record]);

        Assert.Equal(problems, found.Count);
        Assert.All(found, p => Assert.Contains("window 2025-01-01_2025-12-31", p.Message, StringComparison.Ordinal));
    }

    private static LocalDate Day(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    private static Contract Contract(string termEnd, string? amendmentEffective, string[]? tenants = null)
    {
        // An amendment effective after a shortened term cannot exist: the term cut alone is the amendment then.
        var amendment = amendmentEffective is null || Day(amendmentEffective) > Day(termEnd)
            ? string.Empty
            : $$""", { "version": 2, "effective": "{{amendmentEffective}}", "template": "registered-users" }""";
        var read = ContractReader.Read($$"""
            {
              "id": "acme-portal",
              "tenants": [{{string.Join(", ", (tenants ?? ["acme"]).Select(t => $"\"{t}\""))}}],
              "term": { "start": "2025-01-01", "end": "{{termEnd}}" },
              "versions": [ { "version": 1, "effective": "2025-01-01", "template": "monthly-active" }{{amendment}} ]
            }
            """);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Contract!;
    }
}
