using Metering.Domain.Invoices;
using Metering.Domain.Rules;

namespace Metering.Cli.Tests.Scenarios;

/// <summary>
/// One template closed end to end: a contract, the events a vendor app sends, when they are ingested and when the
/// close runs, and the invoice figures computed by hand from the clause.
/// </summary>
/// <param name="Template">The template.</param>
/// <param name="Contract">The contract document.</param>
/// <param name="Zone">The tenants' billing zone.</param>
/// <param name="Events">What the app sent.</param>
/// <param name="IngestAt">When the file is ingested (<c>--as-of</c>).</param>
/// <param name="CloseAt">When the close runs (<c>--as-of</c>).</param>
/// <param name="Window">The window whose invoice is checked.</param>
/// <param name="Quantity">The billed quantity, by hand.</param>
/// <param name="Units">The evidence units, sorted as the evidence sorts them, each <c>tenant:unit</c>.</param>
/// <param name="Lines">The commercial lines (code, amount) and total, or null when the contract is not priced.</param>
/// <param name="Check">What else the clause makes this invoice state.</param>
internal sealed record TemplateScenario(
    string Template,
    string Contract,
    string Zone,
    EventFile Events,
    string IngestAt,
    string CloseAt,
    string Window,
    long Quantity,
    string[] Units,
    ((string Code, string Amount)[] Lines, string Total)? Lines,
    Func<CliPipeline, Invoice, IReadOnlyList<EvidenceLine>, Task>? Check = null)
{
    public string ContractId => $"acme-{Template}";

    public string TenantsJson => $$"""
        [
          {"id": "acme", "zone": "{{Zone}}", "sources": ["{{EventFile.Source}}"]},
          {"id": "acme-eu", "zone": "{{Zone}}", "sources": ["{{EventFile.Source}}"]}
        ]
        """;

    public override string ToString() => Template;
}
