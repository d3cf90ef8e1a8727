using System.Globalization;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;

namespace Metering.Domain.Closing;

/// <summary>
/// The address of one statement revision in the published layout (docs/storage.md), inside its window's folder:
/// <c>{tenant}/{contract}/{window}/statements/{period}/r{revision}.json</c> in the <c>invoices</c> container, its evidence
/// beside it as <c>.../statements/{period}/evidence-{sha256}.ndjson</c>. An invoice listing never takes one for an
/// invoice revision (<see cref="InvoiceRevision.TryParse"/> reads four segments only).
/// </summary>
/// <param name="Tenant">The billing tenant.</param>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window id.</param>
/// <param name="PeriodId">The period id (<c>{first day}_{last day}</c>).</param>
/// <param name="Revision">1, 2, ...</param>
public sealed record StatementRevision(TenantId Tenant, ContractId Contract, string WindowId, string PeriodId, int Revision)
{
    private const string Folder = "statements";

    /// <summary>The folder of a window's statements.</summary>
    public static string StatementsFolder(TenantId tenant, ContractId contract, string windowId) =>
        $"{InvoiceRevision.WindowFolder(tenant, contract, windowId)}{Folder}/";

    /// <summary>The folder of one period's revisions and evidence.</summary>
    public static string PeriodFolder(TenantId tenant, ContractId contract, string windowId, string periodId) =>
        $"{StatementsFolder(tenant, contract, windowId)}{periodId}/";

    /// <summary>The blob name of a statement's evidence file with this content hash.</summary>
    public static string EvidenceBlobName(TenantId tenant, ContractId contract, string windowId, string periodId, string sha256) =>
        $"{PeriodFolder(tenant, contract, windowId, periodId)}evidence-{sha256}.ndjson";

    /// <summary>The blob name of this revision.</summary>
    public string BlobName => string.Create(CultureInfo.InvariantCulture, $"{PeriodFolder(Tenant, Contract, WindowId, PeriodId)}r{Revision}.json");

    /// <summary>Reads a statement revision's blob name back, or null when the name is not one.</summary>
    public static StatementRevision? TryParse(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var parts = blobName.Split('/');
        if (parts.Length != 6
            || parts[3] != Folder
            || InvoiceRevision.TryParse($"{parts[0]}/{parts[1]}/{parts[2]}/{parts[5]}") is not { } revision
            || parts[4].Length == 0)
        {
            return null;
        }

        return new StatementRevision(revision.Tenant, revision.Contract, revision.WindowId, parts[4], revision.Revision);
    }
}
