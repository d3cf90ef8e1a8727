using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Rules;
using Metering.Domain.Templates;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Contracts;

public sealed class ContractReaderTests
{
    private const string ActivatedUsersWith = """{ "version": 1, "effective": "2024-03-01", "template": "activated-users", "parameters": { "billingMonths": BM } }""";

    /// <summary>
    /// One row per validation rule: the field changed in the valid document, its new JSON value (or "remove"), the
    /// path of the problem expected, its code, and whether the JSON Schema can state the rule too.
    /// </summary>
    public static TheoryData<string, string, string, string, bool> InvalidDocuments => new()
    {
        // Ids and tenants.
        { "id", "\"ACME\"", "id", ContractProblemCode.InvalidValue, true },
        { "id", "remove", "id", ContractProblemCode.Required, true },
        { "id", "42", "id", ContractProblemCode.WrongType, true },
        { "tenants", "[]", "tenants", ContractProblemCode.Required, true },
        { "tenants", "[\"acme\", \"acme\"]", "tenants[1]", ContractProblemCode.Duplicate, true },
        { "tenants[0]", "\"Acme Corp\"", "tenants[0]", ContractProblemCode.InvalidValue, true },
        { "owner", "\"someone\"", "owner", ContractProblemCode.UnknownProperty, true },

        // Term (both days inclusive) and grace days (0..366, default 2).
        { "term.end", "\"2024-02-29\"", "term.end", ContractProblemCode.OutOfRange, false },
        { "term.start", "\"1 March 2024\"", "term.start", ContractProblemCode.InvalidValue, true },
        { "term.start", "\"2023-02-29\"", "term.start", ContractProblemCode.InvalidValue, false },
        { "term", "remove", "term", ContractProblemCode.Required, true },
        { "graceDays", "367", "graceDays", ContractProblemCode.OutOfRange, true },
        { "graceDays", "-1", "graceDays", ContractProblemCode.OutOfRange, true },
        { "graceDays", "1.5", "graceDays", ContractProblemCode.WrongType, true },

        // Versions numbered 1..n, version 1 on the term start, effective dates strictly increasing inside the term.
        { "versions", "[]", "versions", ContractProblemCode.Required, true },
        { "versions[1].version", "3", "versions[1].version", ContractProblemCode.VersionOrder, false },
        { "versions[0].effective", "\"2024-03-02\"", "versions[0].effective", ContractProblemCode.VersionOrder, false },
        { "versions[2].effective", "\"2025-03-01\"", "versions[2].effective", ContractProblemCode.VersionOrder, false },
        { "versions[2].effective", "\"2026-03-01\"", "versions[2].effective", ContractProblemCode.VersionOrder, false },
        { "versions[0].extra", "true", "versions[0].extra", ContractProblemCode.UnknownProperty, true },

        // Templates and their parameters.
        { "versions[0].template", "\"weekly-active\"", "versions[0].template", ContractProblemCode.InvalidValue, true },
        { "versions[1].parameters.knowledgeWorkers", "249", "versions[1].parameters.knowledgeWorkers", ContractProblemCode.NotEligible, true },
        { "versions[1].parameters", "remove", "versions[1].parameters.knowledgeWorkers", ContractProblemCode.Required, true },
        { "versions[1].parameters.minimumBase", "\"employees\"", "versions[1].parameters.employees", ContractProblemCode.Inconsistent, false },
        { "versions[1].parameters.minimumPercent", "\"101\"", "versions[1].parameters.minimumPercent", ContractProblemCode.OutOfRange, true },
        { "versions[1].parameters.origins", "[\"app\", \"app\"]", "versions[1].parameters.origins[1]", ContractProblemCode.Duplicate, true },
        { "versions[0].parameters.billingMonths", "15", "versions[0].parameters.billingMonths", ContractProblemCode.NotAccepted, true },
        { "versions[0].parameters.seats", "15", "versions[0].parameters.seats", ContractProblemCode.UnknownProperty, true },
        { "versions[0].template", "\"activated-users\"", "versions[0].parameters.billingMonths", ContractProblemCode.Required, true },
        { "versions[0]", ActivatedUsersWith.Replace("BM", "0", StringComparison.Ordinal), "versions[0].parameters.billingMonths", ContractProblemCode.OutOfRange, true },
        { "versions[0]", ActivatedUsersWith.Replace("BM", "\"15\"", StringComparison.Ordinal), "versions[0].parameters.billingMonths", ContractProblemCode.WrongType, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "concurrent-users", "parameters": { "idleTimeoutMinutes": 1441 } }""", "versions[0].parameters.idleTimeoutMinutes", ContractProblemCode.OutOfRange, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "concurrent-users", "parameters": { "idleTimeoutMinutes": 0 } }""", "versions[0].parameters.idleTimeoutMinutes", ContractProblemCode.OutOfRange, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "rolling-12-months", "parameters": { "months": 121 } }""", "versions[0].parameters.months", ContractProblemCode.OutOfRange, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "monthly-active", "parameters": { "types": ["user.created"] } }""", "versions[0].parameters.types[0]", ContractProblemCode.InvalidValue, true },

        // Commercial terms.
        { "versions[0].commercial.currency", "\"XXX\"", "versions[0].commercial.currency", ContractProblemCode.InvalidValue, true },
        { "versions[0].commercial.currency", "\"eur\"", "versions[0].commercial.currency", ContractProblemCode.InvalidValue, true },
        { "versions[0].commercial.currency", "remove", "versions[0].commercial.currency", ContractProblemCode.Required, true },
        { "versions[0].commercial.unitPrice", "\"-1\"", "versions[0].commercial.unitPrice", ContractProblemCode.OutOfRange, true },
        { "versions[0].commercial.unitPrice", "-0.01", "versions[0].commercial.unitPrice", ContractProblemCode.OutOfRange, true },
        { "versions[0].commercial.unitPrice", "\"4,50\"", "versions[0].commercial.unitPrice", ContractProblemCode.InvalidValue, true },
        { "versions[0].commercial.unitPrice", "true", "versions[0].commercial.unitPrice", ContractProblemCode.WrongType, true },
        { "versions[0].commercial.includedUnits", "remove", "versions[0].commercial.overageUnitPrice", ContractProblemCode.Inconsistent, true },
        { "versions[0].commercial.includedUnits", "-5", "versions[0].commercial.includedUnits", ContractProblemCode.OutOfRange, true },
        { "versions[0].commercial.annualUnitPrice", "\"100\"", "versions[0].commercial.annualUnitPrice", ContractProblemCode.NotAccepted, true },
        { "versions[0].commercial.discount", "\"5\"", "versions[0].commercial.discount", ContractProblemCode.UnknownProperty, true },

        // Progressive billing: each month bills its newly seen units at the unit price, for distinct counts over a year or term.
        { "versions[0].commercial.progressive", "\"yes\"", "versions[0].commercial.progressive", ContractProblemCode.WrongType, true },
        { "versions[0].commercial.progressive", "true", "versions[0].commercial.progressive", ContractProblemCode.Inconsistent, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "contract-year-active", "commercial": { "currency": "EUR", "progressive": true } }""", "versions[0].commercial.progressive", ContractProblemCode.Required, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "contract-year-active", "commercial": { "currency": "EUR", "unitPrice": "1", "minimumQuantity": 5, "progressive": true } }""", "versions[0].commercial.progressive", ContractProblemCode.Inconsistent, true },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "monthly-active", "commercial": { "currency": "EUR", "unitPrice": "1", "progressive": true } }""", "versions[0].commercial.progressive", ContractProblemCode.NotAccepted, false },
        { "versions[0]", """{ "version": 1, "effective": "2024-03-01", "template": "ninety-day-peak", "commercial": { "currency": "EUR", "unitPrice": "1", "progressive": true } }""", "versions[0].commercial.progressive", ContractProblemCode.NotAccepted, false },

        // The generic rule's shape.
        { "versions[2].rule", "remove", "versions[2].rule", ContractProblemCode.Required, true },
        { "versions[0].rule", """{ "window": { "scheme": "term" }, "measure": { "kind": "distinct-active" } }""", "versions[0].rule", ContractProblemCode.NotAccepted, true },
        { "versions[2].parameters", """{ "months": 3 }""", "versions[2].parameters.months", ContractProblemCode.NotAccepted, true },
        { "versions[2].rule.meter", "remove", "versions[2].rule.meter", ContractProblemCode.Required, true },
        { "versions[2].rule.meter.types", "[\"user.created\"]", "versions[2].rule.meter.types[0]", ContractProblemCode.InvalidValue, true },
        { "versions[2].rule.meter.types", "[\"content.opened\"]", "versions[2].rule.meter.unit", ContractProblemCode.Inconsistent, false },
        { "versions[2].rule.meter.include[0].field", "\"colour\"", "versions[2].rule.meter.include[0].field", ContractProblemCode.InvalidValue, true },
        { "versions[2].rule.measure.kind", "\"distinct-state\"", "versions[2].rule.measure.policy", ContractProblemCode.Required, true },
        { "versions[2].rule.measure.kind", "\"distinct-state\"", "versions[2].rule.state", ContractProblemCode.Required, true },
        { "versions[2].rule.measure.kind", "\"peak-concurrent\"", "versions[2].rule.meter", ContractProblemCode.NotAccepted, true },
        { "versions[2].rule.measure.policy", "\"peak\"", "versions[2].rule.measure.policy", ContractProblemCode.NotAccepted, true },
        { "versions[2].rule.window", """{ "scheme": "rolling" }""", "versions[2].rule.window.months", ContractProblemCode.Required, true },
        { "versions[2].rule.window", """{ "scheme": "weekly" }""", "versions[2].rule.window.scheme", ContractProblemCode.InvalidValue, true },
        { "versions[2].rule.window", """{ "scheme": "contract-month" }""", "versions[2].rule.window.scheme", ContractProblemCode.InvalidValue, true },
        { "versions[2].rule.measure", """{ "kind": "max-of-windows", "inner": "distinct-active" }""", "versions[2].rule.window.scheme", ContractProblemCode.Inconsistent, true },
        { "versions[2].rule.measure", """{ "kind": "activated-months" }""", "versions[2].rule.measure.billingMonths", ContractProblemCode.Required, true },
        { "versions[2].rule.state", """{ "family": "endpoint", "allOf": [{ "atom": "seat-assigned" }] }""", "versions[2].rule.state.allOf[0].atom", ContractProblemCode.Inconsistent, true },
        { "versions[2].rule.state", """{ "family": "user", "allOf": [{ "atom": "has-role" }] }""", "versions[2].rule.state.allOf[0].argument", ContractProblemCode.Required, true },
    };

    [Fact]
    public void Valid_Document_Reads_Into_The_Contract_Model()
    {
        var result = ContractReader.Read(ContractDocuments.Valid);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var contract = result.Contract!;
        Assert.Equal("acme-lms", contract.Id.Value);
        Assert.Equal(["acme", "acme-eu"], contract.Tenants.Select(t => t.Value));
        Assert.Equal("acme", contract.BillingTenant.Value);
        Assert.Equal(new DateInterval(new LocalDate(2024, 3, 1), new LocalDate(2026, 2, 28)), contract.Term);
        Assert.Equal(2, contract.GraceDays);
        Assert.Equal([1, 2, 3], contract.Versions.Select(v => v.Number));
        Assert.Equal(TemplateNames.FlexibleSeats, contract.Versions[0].Template);
        Assert.Equal(4.50m, contract.Versions[0].Commercial.UnitPrice);
        Assert.Equal(500, contract.Versions[0].Commercial.IncludedUnits);
        Assert.Equal(250, contract.Versions[1].Parameters.Integer(TemplateParameterRules.KnowledgeWorkers));
        Assert.Equal(15m, contract.Versions[1].Parameters.Decimal(TemplateParameterRules.MinimumPercent));
        var rule = contract.Versions[2].Rule!;
        Assert.Equal(UnitDimension.SubjectAndDeployment, rule.Meter!.Unit);
        Assert.True(rule.Meter.ResolveAliases);
        Assert.Equal(new[] { "false" }, rule.Meter.Exclude[0][0].Values.AsEnumerable());
        Assert.Equal(WindowSchemeKind.CalendarMonth, rule.Window.Kind);
        Assert.Equal(MeasureKind.DistinctActive, rule.Measure.Kind);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Each_Rule_Is_Reported_On_The_Field_It_Concerns(string field, string value, string expectedPath, string expectedCode, bool schemaStatesIt)
    {
        _ = schemaStatesIt;
        var result = ContractReader.Read(ContractDocuments.With(field, value));

        Assert.False(result.IsValid);
        Assert.Null(result.Contract);
        Assert.Contains(result.Problems, p => p.Path == expectedPath && p.Code == expectedCode);
    }

    [Theory]
    [InlineData("contract-year-active", null)]
    [InlineData("unique-logins", null)]
    [InlineData("term-logins", null)]
    [InlineData("generic", """{ "window": { "scheme": "contract-year" }, "measure": { "kind": "distinct-active" }, "meter": { "types": ["user.login"] } }""")]
    public async Task Progressive_Billing_Is_Accepted_For_A_Distinct_Count_Over_A_Year_Or_Term_And_Written_Back(string template, string? rule)
    {
        var version = $$"""{ "version": 1, "effective": "2024-03-01", "template": "{{template}}"{{(rule is null ? "" : ", \"rule\": " + rule)}}, "commercial": { "currency": "EUR", "unitPrice": "0.125", "progressive": true } }""";
        var document = ContractDocuments.With(ContractDocuments.With(ContractDocuments.With("versions[0]", version), "versions[1]", "remove"), "versions[1]", "remove");

        var result = ContractReader.Read(document);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        await ContractSchema.AssertValidAsync(document);
        Assert.True(result.Contract!.Versions[0].Commercial.Progressive);
        var written = ContractWriter.Write(result.Contract);
        Assert.Contains("\"progressive\": true", System.Text.Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.Equal(written, ContractWriter.Write(ContractReader.Read(System.Text.Encoding.UTF8.GetString(written)).Contract!));
    }

    [Theory]
    [InlineData(249, false)]
    [InlineData(250, true)]
    [InlineData(10_000, true)]
    public void Flex_Plan_Needs_At_Least_250_Knowledge_Workers(long knowledgeWorkers, bool eligible)
    {
        var result = ContractReader.Read(ContractDocuments.With("versions[1].parameters.knowledgeWorkers", knowledgeWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(eligible, result.IsValid);
        if (!eligible)
        {
            var problem = Assert.Single(result.Problems);
            Assert.Equal(ContractProblemCode.NotEligible, problem.Code);
            Assert.Contains("250 Knowledge Workers", problem.Message, StringComparison.Ordinal);
            Assert.Contains("rejected", problem.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_Problem_Is_Listed_Not_Only_The_First()
    {
        var document = ContractDocuments.With("id", "\"Bad Id\"");
        document = ContractDocuments.With(document, "graceDays", "400");
        document = ContractDocuments.With(document, "versions[1].parameters.knowledgeWorkers", "100");
        document = ContractDocuments.With(document, "versions[0].commercial.currency", "\"ABC\"");
        document = ContractDocuments.With(document, "versions[2].rule.window.scheme", "\"fortnight\"");

        var result = ContractReader.Read(document);

        Assert.Equal(
            ["id", "graceDays", "versions[0].commercial.currency", "versions[1].parameters.knowledgeWorkers", "versions[2].rule.window.scheme"],
            result.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData("{ \"id\": ")]
    [InlineData("{ \"id\": \"a\", \"id\": \"b\" }")]
    [InlineData("{ \"id\": \"a\", } ")]
    [InlineData("[1, 2]")]
    public void Malformed_Or_Ambiguous_Json_Is_One_Problem_At_The_Root(string json)
    {
        var result = ContractReader.Read(json);

        var problem = Assert.Single(result.Problems.Where(p => p.Path == "$"));
        Assert.Contains(problem.Code, new[] { ContractProblemCode.MalformedJson, ContractProblemCode.WrongType });
    }

    [Theory]
    [InlineData("\"4.50\"", "4.50")]
    [InlineData("4.50", "4.50")]
    [InlineData("0.1", "0.1")]
    [InlineData("\"0.125\"", "0.125")]
    [InlineData("1234567890.123456789", "1234567890.123456789")]
    public void Money_Is_Read_Exactly_As_A_Decimal_From_A_String_Or_A_Number(string json, string expected)
    {
        var result = ContractReader.Read(ContractDocuments.With("versions[0].commercial.unitPrice", json));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Contract!.Versions[0].Commercial.UnitPrice);
    }

    [Fact]
    public void Grace_Days_Default_To_Two()
    {
        var result = ContractReader.Read(ContractDocuments.With("graceDays", "remove"));

        Assert.Equal(ContractReader.DefaultGraceDays, result.Contract!.GraceDays);
    }

    [Fact]
    public void A_Term_Of_One_Day_Is_Valid_Because_Both_Ends_Are_Inclusive()
    {
        var document = """
            { "id": "one-day", "tenants": ["acme"], "term": { "start": "2024-02-29", "end": "2024-02-29" },
              "versions": [{ "version": 1, "effective": "2024-02-29", "template": "registered-users" }] }
            """;

        var result = ContractReader.Read(document);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(1, result.Contract!.Term.Length);
    }

    [Fact]
    public void Writing_A_Read_Contract_And_Reading_It_Again_Gives_The_Same_Bytes()
    {
        var first = ContractWriter.Write(ContractReader.Read(ContractDocuments.Valid).Contract!);
        var again = ContractReader.Read(first);

        Assert.True(again.IsValid, string.Join("\n", again.Problems));
        Assert.Equal(first, ContractWriter.Write(again.Contract!));
    }

    [Fact]
    public async Task Written_Contracts_Are_Valid_Under_The_Schema()
    {
        var written = ContractWriter.Write(ContractReader.Read(ContractDocuments.Valid).Contract!);

        await ContractSchema.AssertValidAsync(System.Text.Encoding.UTF8.GetString(written));
    }
}
