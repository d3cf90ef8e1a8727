using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Testing;

namespace Metering.Domain.Tests.Contracts;

/// <summary>The contract schema (<see cref="ContractJsonSchema"/>) and the reader agree: what one accepts the other accepts, and every rule the schema can state is rejected by both.</summary>
public sealed class ContractSchemaTests
{
    public static TheoryData<string> ValidDocuments => new()
    {
        ContractDocuments.Valid,
        """
        { "id": "kitaboo-reader", "tenants": ["kb"], "term": { "start": "2024-02-29", "end": "2025-02-28" }, "graceDays": 0,
          "versions": [{ "version": 1, "effective": "2024-02-29", "template": "activated-users", "parameters": { "billingMonths": 15 },
                         "commercial": { "currency": "JPY", "unitPrice": 300 } }] }
        """,
        """
        { "id": "bmemd", "tenants": ["bm-es"], "term": { "start": "2025-01-01", "end": "2025-12-31" },
          "versions": [{ "version": 1, "effective": "2025-01-01", "template": "access-id-users", "commercial": { "currency": "KWD", "perUserFee": "1.125", "minimumAmount": "50" } },
                       { "version": 2, "effective": "2025-06-01", "template": "generic",
                         "rule": { "state": { "family": "user", "allOf": [{ "atom": "exists" }, { "atom": "has-role", "argument": "administrator" }] },
                                   "window": { "scheme": "rolling", "months": 3 }, "measure": { "kind": "distinct-state", "policy": "period-end" } } }] }
        """,
        """
        { "id": "sap-pm", "tenants": ["sap"], "term": { "start": "2024-01-01", "end": "2026-12-31" },
          "versions": [{ "version": 1, "effective": "2024-01-01", "template": "generic",
                         "rule": { "meter": { "types": ["app.launched"], "resolveAliases": false }, "window": { "scheme": "ninety-day" },
                                   "measure": { "kind": "max-of-windows", "inner": "distinct-active" } } }] }
        """,
    };

    public static TheoryData<string, string> InvalidDocumentsTheSchemaStates
    {
        get
        {
            // The reader table may list one document twice, once per problem it expects; the schema only
            // says valid or invalid, so each document is checked once.
            var rows = new TheoryData<string, string>();
            var seen = new HashSet<(string Field, string Value)>();
            foreach (var row in ContractReaderTests.InvalidDocuments)
            {
                if ((bool)row[4] && seen.Add(((string)row[0], (string)row[1])))
                {
                    rows.Add((string)row[0], (string)row[1]);
                }
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public async Task Valid_Documents_Pass_The_Reader_And_The_Schema(string document)
    {
        var result = ContractReader.Read(document);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        await ContractSchema.AssertValidAsync(document);
    }

    [Theory]
    [MemberData(nameof(InvalidDocumentsTheSchemaStates))]
    public async Task Invalid_Documents_Fail_The_Reader_And_The_Schema(string field, string value)
    {
        var document = ContractDocuments.With(field, value);

        Assert.False(ContractReader.Read(document).IsValid);
        await ContractSchema.AssertInvalidAsync(document);
    }
}
