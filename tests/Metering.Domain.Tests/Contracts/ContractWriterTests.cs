using System.Text;
using Metering.Domain.Formats;

namespace Metering.Domain.Tests.Contracts;

/// <summary>
/// The bytes <see cref="ContractWriter"/> writes. The contract digest of every close record and the template section
/// of every invoice come from them, so a contract stored before a release must write the same bytes after it, or
/// every window would be revised with nothing changed.
/// </summary>
public sealed class ContractWriterTests
{
    // Parameters given in no particular order, for each template that takes several.
    private const string Document = """
        { "id": "acme-params", "tenants": ["acme"], "term": { "start": "2025-01-01", "end": "2027-12-31" },
          "versions": [
            { "version": 1, "effective": "2025-01-01", "template": "rolling-12-months",
              "parameters": { "resolveAliases": false, "months": 3, "types": ["user.login", "app.launched"] } },
            { "version": 2, "effective": "2026-01-01", "template": "flex-true-forward",
              "parameters": { "deployedPercent": 12.5, "minimumFloor": 30, "minimumBase": "employees", "minimumPercent": "10",
                              "migratedActiveUsers": 80, "employees": 5000, "knowledgeWorkers": 300, "resolveAliases": true, "origins": ["pstn", "app"] } },
            { "version": 3, "effective": "2027-01-01", "template": "active-flag-users", "parameters": { "administratorRole": "owner" } }
          ] }
        """;

    // Written by the code before template parameters were a bag (commit 4910b61) from the same document.
    private const string Written = """
        {
          "id": "acme-params",
          "tenants": [
            "acme"
          ],
          "term": {
            "start": "2025-01-01",
            "end": "2027-12-31"
          },
          "graceDays": 2,
          "versions": [
            {
              "version": 1,
              "effective": "2025-01-01",
              "template": "rolling-12-months",
              "parameters": {
                "types": [
                  "user.login",
                  "app.launched"
                ],
                "months": 3,
                "resolveAliases": false
              }
            },
            {
              "version": 2,
              "effective": "2026-01-01",
              "template": "flex-true-forward",
              "parameters": {
                "origins": [
                  "pstn",
                  "app"
                ],
                "resolveAliases": true,
                "knowledgeWorkers": 300,
                "employees": 5000,
                "migratedActiveUsers": 80,
                "minimumPercent": "10",
                "minimumBase": "employees",
                "minimumFloor": 30,
                "deployedPercent": "12.5"
              }
            },
            {
              "version": 3,
              "effective": "2027-01-01",
              "template": "active-flag-users",
              "parameters": {
                "administratorRole": "owner"
              }
            }
          ]
        }
        """ + "\n";

    [Fact]
    public void Parameters_Are_Written_In_The_Order_Their_Template_Declares_Them_Whatever_The_Document_Order()
    {
        var read = ContractReader.Read(Document);

        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Equal(Written, Encoding.UTF8.GetString(ContractWriter.Write(read.Contract!)).ReplaceLineEndings("\n"));
    }
}
