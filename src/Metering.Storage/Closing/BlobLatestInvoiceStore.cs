using Azure.Storage.Blobs.Models;
using Metering.Domain.Closing;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;

namespace Metering.Storage.Closing;

/// <summary>
/// <c>latest.json</c> blobs in the <c>latest</c> container, at the name the Functions app's <c>publish-latest</c> step
/// writes through its blob output binding (<see cref="PublishedRevisionJson.LatestBlobName"/>), overwritten as that
/// binding overwrites.
/// </summary>
public sealed class BlobLatestInvoiceStore(StorageAccount account) : ILatestInvoiceStore
{
    /// <inheritdoc />
    public async Task WriteAsync(StoredInvoice newest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newest);
        var container = await account.ContainerAsync(account.Names.Latest, cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(PublishedRevisionJson.LatestBlobName(newest.Revision)).UploadAsync(
            new BinaryData(newest.Json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);
    }
}
