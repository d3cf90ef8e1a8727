using System.Globalization;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;

namespace Metering.Domain.Closing;

/// <summary>
/// The address of one invoice revision in the published layout (docs/storage.md):
/// <c>{tenant}/{contract}/{window}/r{revision}.json</c> in the <c>invoices</c> container, the evidence beside it as
/// <c>{tenant}/{contract}/{window}/evidence-{sha256}.ndjson</c>.
/// </summary>
/// <param name="Tenant">The billing tenant.</param>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window id.</param>
/// <param name="Revision">1, 2, ...</param>
public sealed record InvoiceRevision(TenantId Tenant, ContractId Contract, string WindowId, int Revision)
{
    /// <summary>The folder of a window's revisions and evidence.</summary>
    public static string WindowFolder(TenantId tenant, ContractId contract, string windowId) =>
        $"{tenant.Value}/{contract.Value}/{windowId}/";

    /// <summary>The blob name of an evidence file with this content hash (64 hex digits).</summary>
    public static string EvidenceBlobName(TenantId tenant, ContractId contract, string windowId, string sha256) =>
        $"{WindowFolder(tenant, contract, windowId)}evidence-{sha256}.ndjson";

    /// <summary>The blob name of this revision.</summary>
    public string BlobName => string.Create(CultureInfo.InvariantCulture, $"{WindowFolder(Tenant, Contract, WindowId)}r{Revision}.json");

    /// <summary>Reads a revision's blob name back, or null when the name is not one (an evidence file, say).</summary>
    public static InvoiceRevision? TryParse(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var parts = blobName.Split('/');
        if (parts.Length != 4
            || !TenantId.TryParse(parts[0], out var tenant)
            || !ContractId.TryParse(parts[1], out var contract)
            || !parts[3].StartsWith('r')
            || !parts[3].EndsWith(".json", StringComparison.Ordinal)
            || !int.TryParse(parts[3].AsSpan(1, parts[3].Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            || revision < 1)
        {
            return null;
        }

        return new InvoiceRevision(tenant.Value, contract.Value, parts[2], revision);
    }
}
