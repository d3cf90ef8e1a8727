using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;

namespace Metering.Storage.Closing;

/// <summary>
/// Invoices in the <c>invoices</c> container, laid out as <see cref="InvoiceRevision"/> documents
/// (<c>{tenant}/{contract}/{window}/r{n}.json</c>, evidence beside it). Revisions are uploaded with
/// <c>If-None-Match: *</c>: the service refuses to overwrite one, which is what makes concurrent closers safe.
/// The late-event baseline travels as blob metadata of the revision, so it is written atomically with it. A blob's
/// metadata holds 8 KiB in all, and the baseline of a long window touched on many days (a term window after a
/// backfill) is longer: then the baseline is written beside the revision as <c>touches-{sha256}.txt</c>, named by its
/// content like the evidence (so writing it again is harmless and a racing closer cannot replace it), and the
/// metadata names that blob instead. Statements (<see cref="StatementRevision"/>) are kept the same way, in a
/// <c>statements/{period}/</c> folder of their window's.
/// </summary>
public sealed class BlobInvoiceStore(StorageAccount account) : IInvoiceStore, IStatementStore
{
    private const string BaselineMetadata = "touches";
    private const string BaselineBlobMetadata = "touchesblob";

    // Well under the 8 KiB limit, leaving room for any metadata the platform or an operator adds.
    private const int InlineBaselineLimit = 2048;

    /// <inheritdoc />
    public async Task<IReadOnlyList<InvoiceRevision>> ListRevisionsAsync(TenantId tenant, ContractId contract, string windowId, CancellationToken cancellationToken) =>
        [.. (await ParsedAsync(InvoiceRevision.WindowFolder(tenant, contract, windowId), InvoiceRevision.TryParse, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.Revision)];

    /// <inheritdoc />
    public async IAsyncEnumerable<InvoiceRevision> ListAsync(TenantId? tenant, ContractId? contract, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var found = await ParsedAsync(Prefix(tenant, contract), InvoiceRevision.TryParse, cancellationToken).ConfigureAwait(false);
        foreach (var revision in found
            .Where(r => contract is null || r.Contract == contract)
            .OrderBy(r => r.Tenant).ThenBy(r => r.Contract).ThenBy(r => r.WindowId, StringComparer.Ordinal).ThenBy(r => r.Revision))
        {
            yield return revision;
        }
    }

    /// <inheritdoc />
    public async Task<StoredInvoice?> ReadAsync(InvoiceRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return await ReadRevisionAsync(revision.BlobName, cancellationToken).ConfigureAwait(false) is { } read
            ? new StoredInvoice(revision, read.Json, read.Baseline)
            : null;
    }

    /// <inheritdoc />
    public async Task WriteEvidenceAsync(string blobName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        await CreateAsync(container.GetBlobClient(blobName), content, "application/x-ndjson", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenEvidenceAsync(string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await container.GetBlobClient(blobName).OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(InvoiceRevision revision, ReadOnlyMemory<byte> json, TouchBaseline baseline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return TryCreateRevisionAsync(revision.BlobName, InvoiceRevision.WindowFolder(revision.Tenant, revision.Contract, revision.WindowId), json, baseline, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatementRevision>> ListStatementRevisionsAsync(TenantId tenant, ContractId contract, string windowId, string periodId, CancellationToken cancellationToken) =>
        [.. (await ParsedAsync(StatementRevision.PeriodFolder(tenant, contract, windowId, periodId), StatementRevision.TryParse, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.Revision)];

    /// <inheritdoc />
    public async IAsyncEnumerable<StatementRevision> ListStatementsAsync(TenantId? tenant, ContractId? contract, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var found = await ParsedAsync(Prefix(tenant, contract), StatementRevision.TryParse, cancellationToken).ConfigureAwait(false);
        foreach (var revision in found
            .Where(r => contract is null || r.Contract == contract)
            .OrderBy(r => r.Tenant).ThenBy(r => r.Contract).ThenBy(r => r.WindowId, StringComparer.Ordinal).ThenBy(r => r.PeriodId, StringComparer.Ordinal).ThenBy(r => r.Revision))
        {
            yield return revision;
        }
    }

    /// <inheritdoc />
    public async Task<StoredStatement?> ReadStatementAsync(StatementRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return await ReadRevisionAsync(revision.BlobName, cancellationToken).ConfigureAwait(false) is { } read
            ? new StoredStatement(revision, read.Json, read.Baseline)
            : null;
    }

    /// <inheritdoc />
    public Task<bool> TryCreateStatementAsync(StatementRevision revision, ReadOnlyMemory<byte> json, TouchBaseline baseline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return TryCreateRevisionAsync(revision.BlobName, StatementRevision.PeriodFolder(revision.Tenant, revision.Contract, revision.WindowId, revision.PeriodId), json, baseline, cancellationToken);
    }

    // A tenant's, or a tenant's contract's, folder; the whole container when no tenant is given (a contract alone is
    // filtered after listing, since the tenant comes first in the name).
    private static string? Prefix(TenantId? tenant, ContractId? contract) =>
        tenant is { } t ? contract is { } c ? $"{t.Value}/{c.Value}/" : $"{t.Value}/" : null;

    // The blobs under a prefix that parse as revisions of one kind (an invoice's, a statement's); other blobs (evidence,
    // baselines, the other kind) are skipped.
    private async Task<List<T>> ParsedAsync<T>(string? prefix, Func<string, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<T>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (parse(item.Name) is { } revision)
            {
                found.Add(revision);
            }
        }

        return found;
    }

    // A revision (invoice or statement) and the baseline its metadata holds or names.
    private async Task<(ReadOnlyMemory<byte> Json, TouchBaseline Baseline)?> ReadRevisionAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var download = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var metadata = download.Value.Details.Metadata;
            var baseline = metadata.TryGetValue(BaselineBlobMetadata, out var name)
                ? TouchBaseline.Parse((await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString())
                : metadata.TryGetValue(BaselineMetadata, out var text) ? TouchBaseline.Parse(text) : TouchBaseline.None;
            return (download.Value.Content.ToMemory(), baseline);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    // Creates a revision once, its baseline inline in the metadata or, when long, in a blob of the folder named by its content.
    private async Task<bool> TryCreateRevisionAsync(string blobName, string folder, ReadOnlyMemory<byte> json, TouchBaseline baseline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var text = baseline.ToText();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.Length <= InlineBaselineLimit)
        {
            metadata[BaselineMetadata] = text;
        }
        else
        {
            var content = Encoding.UTF8.GetBytes(text);
            var name = $"{folder}touches-{Convert.ToHexStringLower(SHA256.HashData(content))}.txt";
            await CreateAsync(container.GetBlobClient(name), content, "text/plain", null, cancellationToken).ConfigureAwait(false);
            metadata[BaselineBlobMetadata] = name;
        }

        return await CreateAsync(container.GetBlobClient(blobName), json, "application/json", metadata, cancellationToken).ConfigureAwait(false);
    }

    private Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken) =>
        account.ContainerAsync(account.Names.Invoices, cancellationToken);

    private static async Task<bool> CreateAsync(BlobClient blob, ReadOnlyMemory<byte> content, string contentType, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                BinaryData.FromBytes(content),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = metadata,
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
