using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;

namespace Metering.Domain.Ports;

/// <summary>
/// Where invoice revisions and their evidence are published for billing systems. A revision is written
/// create-only and never overwritten: the store refuses a second write of the same revision.
/// </summary>
public interface IInvoiceStore
{
    /// <summary>The revisions of one window, oldest first.</summary>
    Task<IReadOnlyList<InvoiceRevision>> ListRevisionsAsync(TenantId tenant, ContractId contract, string windowId, CancellationToken cancellationToken);

    /// <summary>Every revision, optionally of one tenant and/or contract, ordered by tenant, contract, window, revision.</summary>
    IAsyncEnumerable<InvoiceRevision> ListAsync(TenantId? tenant, ContractId? contract, CancellationToken cancellationToken);

    /// <summary>The JSON of one revision and the late-event baseline recorded with it, or null when it does not exist.</summary>
    Task<StoredInvoice?> ReadAsync(InvoiceRevision revision, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the evidence file. Its name carries its content hash, so a blob that already exists holds the same
    /// bytes and the write is done.
    /// </summary>
    Task WriteEvidenceAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Opens an evidence file for reading, streamed; null when it does not exist.</summary>
    Task<Stream?> OpenEvidenceAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a revision with its late-event baseline; returns false, writing nothing, when that revision
    /// already exists (another closer wrote it first).
    /// </summary>
    Task<bool> TryCreateAsync(InvoiceRevision revision, ReadOnlyMemory<byte> json, TouchBaseline baseline, CancellationToken cancellationToken);
}
