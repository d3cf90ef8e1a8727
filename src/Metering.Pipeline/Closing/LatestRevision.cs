using Metering.Domain.Closing;
using Metering.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace Metering.Pipeline.Closing;

/// <summary>
/// What a window's stable name (<c>latest.json</c>) should hold when a notice says revision n was published: the
/// newest revision listed now, read back byte for byte, so that a stale notice (for r2, arriving after r3 was
/// published) yields r3, never r2. Nothing is returned, and so nothing written, when the window has no revision or
/// the listing is older than the notice (a notice never makes the stable name go back).
/// </summary>
public sealed partial class LatestRevision(IInvoiceStore invoices, ILogger<LatestRevision> logger)
{
    /// <summary>The newest revision of <paramref name="published"/>'s window and its JSON, or null.</summary>
    public async Task<StoredInvoice?> ResolveAsync(InvoiceRevision published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var revisions = await invoices.ListRevisionsAsync(published.Tenant, published.Contract, published.WindowId, cancellationToken).ConfigureAwait(false);
        if (revisions.Count == 0 || revisions[^1].Revision < published.Revision)
        {
            LogNotListed(logger, published.BlobName, revisions.Count == 0 ? 0 : revisions[^1].Revision);
            return null;
        }

        var newest = revisions[^1];
        if (newest.Revision > published.Revision)
        {
            LogStale(logger, published.BlobName, newest.Revision);
        }

        return await invoices.ReadAsync(newest, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Revision {newest.BlobName} was listed but cannot be read.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice for {Revision}, but the newest listed revision is r{Newest}; the stable name is left as it is.")]
    private static partial void LogNotListed(ILogger logger, string revision, int newest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice for {Revision} is stale: r{Newest} is newer and is what the stable name gets.")]
    private static partial void LogStale(ILogger logger, string revision, int newest);
}
