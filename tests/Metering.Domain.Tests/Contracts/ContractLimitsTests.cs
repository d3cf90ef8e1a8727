using System.Globalization;
using System.Text;
using Metering.Domain.Commercial;
using Metering.Domain.Contracts;
using Metering.Domain.Engine;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Domain.Rules;
using Metering.Domain.Windows;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Contracts;

/// <summary>
/// docs/contracts.md, "Limits": a contract that validates also closes. Every limit is refused on its field with
/// the limit in the message, a contract exactly at each limit is accepted, and every window of such a contract is
/// measured and priced (at the largest quantity the limits guarantee) without failing.
/// </summary>
public sealed class ContractLimitsTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    /// <summary>
    /// One row per limit: the field changed in the valid document, its new JSON value, the path and code of the
    /// problem, words of its message that state the limit, and whether the JSON Schema states the limit too.
    /// </summary>
    public static TheoryData<string, string, string, string, string, bool> BeyondTheLimit => new()
    {
        // Money: less than 10^12, at most 12 digits before the point.
        { "versions[0].commercial.unitPrice", "\"9999999999999999999999999999\"", "versions[0].commercial.unitPrice", ContractProblemCode.OutOfRange, "must be less than 1000000000000 (at most 12 digits before the decimal point)", true },
        { "versions[0].commercial.unitPrice", "\"1000000000000\"", "versions[0].commercial.unitPrice", ContractProblemCode.OutOfRange, "less than 1000000000000", true },
        { "versions[0].commercial.unitPrice", "1000000000000", "versions[0].commercial.unitPrice", ContractProblemCode.OutOfRange, "less than 1000000000000", true },
        { "versions[0].commercial.overageUnitPrice", "\"1000000000000.00\"", "versions[0].commercial.overageUnitPrice", ContractProblemCode.OutOfRange, "less than 1000000000000", true },
        { "versions[0].commercial.minimumAmount", "\"5000000000000\"", "versions[0].commercial.minimumAmount", ContractProblemCode.OutOfRange, "less than 1000000000000", true },
        { "versions[0].commercial.perUserFee", "\"99999999999999.5\"", "versions[0].commercial.perUserFee", ContractProblemCode.OutOfRange, "less than 1000000000000", true },
        { "versions[1].commercial.annualUnitPrice", "\"1000000000000\"", "versions[1].commercial.annualUnitPrice", ContractProblemCode.OutOfRange, "less than 1000000000000", true },

        // Counts: at most 10^9.
        { "versions[0].commercial.includedUnits", "1000000001", "versions[0].commercial.includedUnits", ContractProblemCode.OutOfRange, "must be between 0 and 1000000000; got 1000000001", true },
        { "versions[0].commercial.includedUnits", "9223372036854775807", "versions[0].commercial.includedUnits", ContractProblemCode.OutOfRange, "between 0 and 1000000000", true },
        { "versions[0].commercial.includedUnits", "99999999999999999999999999999", "versions[0].commercial.includedUnits", ContractProblemCode.OutOfRange, "between 0 and 1000000000; got 99999999999999999999999999999", true },
        { "versions[0].commercial.minimumQuantity", "1000000001", "versions[0].commercial.minimumQuantity", ContractProblemCode.OutOfRange, "between 0 and 1000000000", true },
        { "versions[1].parameters.knowledgeWorkers", "1000000001", "versions[1].parameters.knowledgeWorkers", ContractProblemCode.OutOfRange, "between 250 and 1000000000", true },
        { "versions[1].parameters.employees", "1000000001", "versions[1].parameters.employees", ContractProblemCode.OutOfRange, "between 1 and 1000000000", true },
        { "versions[1].parameters.migratedActiveUsers", "1000000001", "versions[1].parameters.migratedActiveUsers", ContractProblemCode.OutOfRange, "between 0 and 1000000000", true },
        { "versions[1].parameters.minimumFloor", "1000000001", "versions[1].parameters.minimumFloor", ContractProblemCode.OutOfRange, "between 0 and 1000000000", true },

        // The term: from 1900 to 2999, at most 20 years.
        { "term.end", "\"2044-03-01\"", "term.end", ContractProblemCode.OutOfRange, "a term lasts at most 20 years: starting on 2024-03-01, it ends on 2044-02-29 at the latest; got 2044-03-01", false },
        { "term.start", "\"1899-12-31\"", "term.start", ContractProblemCode.OutOfRange, "must be between 1900-01-01 and 2999-12-31; got 1899-12-31", true },
        { "term.end", "\"3000-01-01\"", "term.end", ContractProblemCode.OutOfRange, "must be between 1900-01-01 and 2999-12-31; got 3000-01-01", true },

        // Sizes.
        { "versions", Versions(101, 7), "versions", ContractProblemCode.TooLarge, "must list at most 100 item(s); got 101", true },
        { "tenants", Tenants(101), "tenants", ContractProblemCode.TooLarge, "must list at most 100 item(s); got 101", true },
        { "versions[2].rule.meter.include", Conditions(17), "versions[2].rule.meter.include", ContractProblemCode.TooLarge, "at most 16 item(s); got 17", true },
        { "versions[2].rule.meter.exclude", Repeat("[{ \"field\": \"scheduled\", \"values\": [false] }]", 17), "versions[2].rule.meter.exclude", ContractProblemCode.TooLarge, "at most 16 item(s); got 17", true },
        { "versions[2].rule.meter.exclude[0]", Conditions(17), "versions[2].rule.meter.exclude[0]", ContractProblemCode.TooLarge, "at most 16 item(s); got 17", true },
        { "versions[2].rule.meter.include[0].values", Words(33), "versions[2].rule.meter.include[0].values", ContractProblemCode.TooLarge, "at most 32 item(s); got 33", true },
        { "versions[1].parameters.origins", Words(33), "versions[1].parameters.origins", ContractProblemCode.TooLarge, "at most 32 item(s); got 33", true },
        { "versions[2].rule.meter.types", Repeat("\"meeting.hosted\"", 8), "versions[2].rule.meter.types", ContractProblemCode.TooLarge, "at most 7 item(s); got 8", true },
        { "versions[2].rule", StateRule(17), "versions[2].rule.state.allOf", ContractProblemCode.TooLarge, "at most 16 item(s); got 17", true },
    };

    /// <summary>One row per limit, the document exactly at it: accepted by the reader and the schema.</summary>
    public static TheoryData<string, string, string> AtTheLimit => new()
    {
        { "a unit price of 12 digits and 6 decimals", "versions[0].commercial.unitPrice", "\"999999999999.999999\"" },
        { "a unit price of 12 digits as a JSON number", "versions[0].commercial.unitPrice", "999999999999" },
        { "an overage price of 12 digits", "versions[0].commercial.overageUnitPrice", "\"999999999999.99\"" },
        { "an annual unit price of 12 digits", "versions[1].commercial.annualUnitPrice", "\"999999999999.99\"" },
        { "10^9 included units", "versions[0].commercial.includedUnits", "1000000000" },
        { "a minimum commitment of 10^9 units", "versions[0].commercial.minimumQuantity", "1000000000" },
        { "10^9 knowledge workers", "versions[1].parameters.knowledgeWorkers", "1000000000" },
        { "a minimum floor of 10^9", "versions[1].parameters.minimumFloor", "1000000000" },
        { "a migration of 10^9 Active Users", "versions[1].parameters.migratedActiveUsers", "1000000000" },
        { "a term of exactly 20 years", "term.end", "\"2044-02-29\"" },
        { "100 tenants", "tenants", Tenants(100) },
        { "100 versions a week apart", "versions", Versions(100, 7) },
        { "16 include conditions", "versions[2].rule.meter.include", Conditions(16) },
        { "16 exclusions", "versions[2].rule.meter.exclude", Repeat("[{ \"field\": \"scheduled\", \"values\": [false] }]", 16) },
        { "an exclusion of 16 conditions", "versions[2].rule.meter.exclude[0]", Conditions(16) },
        { "32 values in a condition", "versions[2].rule.meter.include[0].values", Words(32) },
        { "32 origins", "versions[1].parameters.origins", Words(32) },
        { "16 state atoms", "versions[2].rule", StateRule(16) },
        {
            "every activity type",
            "versions[0]",
            """{ "version": 1, "effective": "2024-03-01", "template": "monthly-active", "parameters": { "types": ["user.activity", "user.login", "app.launched", "profile.updated", "data.accessed", "meeting.hosted", "content.opened"] } }"""
        },
    };

    [Theory]
    [MemberData(nameof(BeyondTheLimit))]
    public void Each_Limit_Is_Refused_On_Its_Field_With_The_Limit_In_The_Message(string field, string value, string expectedPath, string expectedCode, string expectedText, bool schemaStatesIt)
    {
        _ = schemaStatesIt;
        var result = ContractReader.Read(ContractDocuments.With(field, value));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems, p => p.Path == expectedPath && p.Code == expectedCode);
        Assert.Contains(expectedText, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BeyondTheLimit))]
    public async Task The_Schema_Refuses_The_Limits_It_Can_State(string field, string value, string expectedPath, string expectedCode, string expectedText, bool schemaStatesIt)
    {
        _ = (expectedPath, expectedCode, expectedText);
        if (value.Length > 19 && value.All(char.IsAsciiDigit))
        {
            // The schema states the maximum, but the validator the tests use cannot compare an integer beyond 64 bits
            // (it throws InvalidCastException on the BigInteger); the reader's row above covers it.
            return;
        }

        var document = ContractDocuments.With(field, value);
        if (schemaStatesIt)
        {
            await ContractSchema.AssertInvalidAsync(document);
        }
        else
        {
            await ContractSchema.AssertValidAsync(document);
        }
    }

    [Theory]
    [MemberData(nameof(AtTheLimit))]
    public async Task A_Contract_At_The_Limit_Is_Accepted_And_Every_Window_Closes(string clause, string field, string value)
    {
        var document = ContractDocuments.With(field, value);

        var result = ContractReader.Read(document);

        Assert.True(result.IsValid, clause + "\n" + string.Join("\n", result.Problems));
        await ContractSchema.AssertValidAsync(document);
        CloseEveryWindow(result.Contract!);
    }

    [Fact]
    public void The_28_Digit_Price_Of_The_Issue_Is_Refused_Naming_Unit_Price()
    {
        var result = ContractReader.Read(ContractDocuments.With("versions[0].commercial.unitPrice", "\"9999999999999999999999999999\""));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            "versions[0].commercial.unitPrice: must be less than 1000000000000 (at most 12 digits before the decimal point), so that every invoice line of the contract can be computed; got 9999999999999999999999999999 (out-of-range)",
            problem.ToString());
    }

    [Fact]
    public void A_Contract_Of_10000_Versions_One_Day_Apart_Is_Refused_Naming_Versions()
    {
        var versions = new StringBuilder("[");
        var day = new LocalDate(2024, 1, 1);
        for (var i = 1; i <= 10_000; i++)
        {
            versions.Append(CultureInfo.InvariantCulture, $$"""{{(i > 1 ? "," : string.Empty)}}{ "version": {{i}}, "effective": "{{day.PlusDays(i - 1):yyyy'-'MM'-'dd}}", "template": "monthly-active" }""");
        }

        var document = $$"""{ "id": "acme-many", "tenants": ["acme"], "term": { "start": "2024-01-01", "end": "2051-12-31" }, "versions": {{versions}}] }""";

        var result = ContractReader.Read(document);

        Assert.Null(result.Contract);
        var problem = Assert.Single(result.Problems, p => p.Path == "versions");
        Assert.Equal(ContractProblemCode.TooLarge, problem.Code);
        Assert.Equal("must list at most 100 item(s); got 10000", problem.Message);
        Assert.DoesNotContain(result.Problems, p => p.Path.StartsWith("versions[", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 240, true)]
    [InlineData(60, 300, true)]
    [InlineData(61, 301, false)]
    [InlineData(99, 339, false)]
    public void A_Twenty_Year_Monthly_Contract_Is_Cut_Into_At_Most_300_Windows(int midMonthAmendments, int windows, bool accepted)
    {
        var document = MonthlyContract(midMonthAmendments);

        var result = ContractReader.Read(document);

        Assert.Equal(accepted, result.IsValid);
        if (accepted)
        {
            Assert.Equal(windows, ContractCalendar.WindowsOf(result.Contract!, Paris).Count);
            CloseEveryWindow(result.Contract!);
        }
        else
        {
            var problem = Assert.Single(result.Problems);
            Assert.Equal(("versions", ContractProblemCode.TooLarge), (problem.Path, problem.Code));
            Assert.Contains(FormattableString.Invariant($"make {windows} billing windows; a contract has at most 300"), problem.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Window_Count_Does_Not_Depend_On_The_Zone()
    {
        var contract = ContractReader.Read(MonthlyContract(60)).Contract!;

        Assert.Equal(ContractCalendar.WindowsOf(contract, DateTimeZone.Utc).Count, ContractCalendar.WindowsOf(contract, DateTimeZoneProviders.Tzdb["Pacific/Kiritimati"]).Count);
    }

    [Theory]
    [InlineData("1900-01-01", "1900-12-31")]
    [InlineData("2980-01-01", "2999-12-31")]
    public void Terms_At_The_Ends_Of_The_Calendar_Are_Accepted_And_Close(string start, string end)
    {
        var document = $$"""
            { "id": "acme-edge", "tenants": ["acme"], "term": { "start": "{{start}}", "end": "{{end}}" },
              "versions": [{ "version": 1, "effective": "{{start}}", "template": "flex-true-forward", "parameters": { "knowledgeWorkers": 250 },
                             "commercial": { "currency": "USD", "annualUnitPrice": "999999999999.99" } },
                           { "version": 2, "effective": "{{end}}", "template": "contract-year-active" }] }
            """;

        var result = ContractReader.Read(document);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        CloseEveryWindow(result.Contract!);
    }

    /// <summary>
    /// What a close does with every window of the contract, from no recorded data: the calendar, the measure and the
    /// invoice; then its lines priced at the largest quantity the limits guarantee (10^9 measured units, a true
    /// forward of 10^9 Active Users over the longest months left a term can have).
    /// </summary>
    internal static void CloseEveryWindow(Contract contract)
    {
        var windows = ContractCalendar.WindowsOf(contract, Paris);
        Assert.NotEmpty(windows);
        Assert.InRange(windows.Count, 1, ContractLimits.MaximumWindows);
        var evidence = EvidenceFile.Build([]).Reference("invoices/acme/c/w/r1.evidence.ndjson");
        foreach (var scheduled in windows)
        {
            var measurement = RuleEngine.Measure(contract, scheduled, new MeteringInputs());
            _ = Invoice.Draft(contract, scheduled.Version, scheduled.Window, measurement, evidence, Instant.FromUtc(2025, 1, 1, 0, 0));
            var largest = measurement with
            {
                Quantity = ContractLimits.MaximumUnits,
                TrueForward = new TrueForwardResult(0, ContractLimits.MaximumUnits, [], 0, 0, ContractLimits.MaximumUnits, ContractLimits.MaximumUnits, 12 * (ContractLimits.MaximumTermYears - 1)),
            };
            var charges = Charges.Compute(contract, scheduled.Version, scheduled.Window, largest);
            if (charges is not null)
            {
                Assert.Equal(charges.Total, charges.Lines.Sum(l => l.Amount));
            }
        }
    }

    /// <summary>A monthly-active contract over 2024-2043 with amendments on the 15th of its first months.</summary>
    private static string MonthlyContract(int midMonthAmendments)
    {
        var versions = new StringBuilder("""{ "version": 1, "effective": "2024-01-01", "template": "monthly-active", "commercial": { "currency": "EUR", "unitPrice": "999999999999.99" } }""");
        for (var i = 1; i <= midMonthAmendments; i++)
        {
            var effective = new LocalDate(2024, 1, 15).PlusMonths(i - 1);
            versions.Append(CultureInfo.InvariantCulture, $$""", { "version": {{i + 1}}, "effective": "{{effective:yyyy'-'MM'-'dd}}", "template": "{{(i % 2 == 0 ? "monthly-active" : "registered-users")}}" }""");
        }

        return $$"""{ "id": "acme-monthly", "tenants": ["acme"], "term": { "start": "2024-01-01", "end": "2043-12-31" }, "versions": [{{versions}}] }""";
    }

    /// <summary><paramref name="count"/> versions of templates that cut months, <paramref name="days"/> apart from the valid document's term start.</summary>
    private static string Versions(int count, int days)
    {
        var start = new LocalDate(2024, 3, 1);
        return "[" + string.Join(", ", Enumerable.Range(1, count).Select(n => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{ "version": {{n}}, "effective": "{{start.PlusDays((n - 1) * days):yyyy'-'MM'-'dd}}", "template": "{{(n % 2 == 0 ? "monthly-active" : "flexible-seats")}}", "commercial": { "currency": "EUR", "unitPrice": "999999999999.99", "includedUnits": 1000000000 } }"""))) + "]";
    }

    private static string Tenants(int count) =>
        "[" + string.Join(", ", Enumerable.Range(1, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"\"acme-{n}\""))) + "]";

    private static string Conditions(int count) => Repeat("""{ "field": "origin", "values": ["meetings", "app"] }""", count);

    private static string Words(int count) =>
        "[" + string.Join(", ", Enumerable.Range(1, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"\"origin-{n}\""))) + "]";

    private static string StateRule(int atoms) =>
        $$"""{ "state": { "family": "user", "allOf": {{Repeat("""{ "atom": "has-role", "argument": "administrator" }""", atoms)}} }, "window": { "scheme": "calendar-month" }, "measure": { "kind": "distinct-state", "policy": "period-end" } }""";

    private static string Repeat(string json, int count) => "[" + string.Join(", ", Enumerable.Repeat(json, count)) + "]";
}
