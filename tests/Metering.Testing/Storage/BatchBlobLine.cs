using System.Text.Json;
using Azure.Storage.Blobs;

namespace Metering.Testing.Storage;

/// <summary>
/// One line of a per-batch NDJSON blob (the raw archive, the dead letters) as JSON, with the length of the blob that
/// holds it: what a test asserts a stored line holds, and what it cost.
/// </summary>
/// <param name="Blob">The blob's name.</param>
/// <param name="BlobBytes">The blob's length.</param>
/// <param name="Line">One line of it.</param>
public sealed record BatchBlobLine(string Blob, long BlobBytes, JsonElement Line)
{
    /// <summary>Every line of every blob of <paramref name="container"/>, blob by blob in name order; none when the container does not exist.</summary>
    public static async Task<IReadOnlyList<BatchBlobLine>> ReadAllAsync(BlobContainerClient container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        var lines = new List<BatchBlobLine>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return lines;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            foreach (var text in content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(text);
                lines.Add(new BatchBlobLine(blob.Name, content.ToMemory().Length, document.RootElement.Clone()));
            }
        }

        return lines;
    }
}
