using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Metering.Storage.Archive;

/// <summary>
/// Uploads a per-batch blob only when none of that name exists. The name holds the batch id, derived from the
/// batch's bodies, so an existing blob is the same batch written before (or by an earlier attempt whose response
/// was lost): keeping it is the idempotent outcome, and the first receipt's metadata stays.
/// </summary>
internal static class CreateOnlyBlob
{
    public const string ContentType = "application/x-ndjson";

    public static async Task UploadAsync(
        BlobContainerClient container, string name, BinaryData content, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentType },
            Metadata = metadata,
        };
        try
        {
            await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Already there: the same batch.
        }
    }
}
