using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Metering.Storage.Accounts;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// Everything billing can read in a deployment's <c>invoices</c> container: each blob's name, the SHA-256 of its bytes
/// and its metadata (the late-event baseline), one line per blob, sorted. Two runs of the same inputs must give equal
/// snapshots: the revisions, their bytes, their evidence. The runs this suite compares close on the same injected
/// instants, so even <c>generatedAt</c> is equal and the comparison is of every byte.
/// </summary>
internal sealed record InvoiceSnapshot(string Text, int Revisions, int Blobs)
{
    public static async Task<InvoiceSnapshot> OfAsync(StorageAccount account)
    {
        var container = account.Blobs.GetBlobContainerClient(account.Names.Invoices);
        var lines = new List<string>();
        var revisions = 0;
        if (!await container.ExistsAsync())
        {
            return new InvoiceSnapshot(string.Empty, 0, 0);
        }

        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            var metadata = string.Join(";", blob.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
            lines.Add($"{blob.Name} {Convert.ToHexStringLower(SHA256.HashData(content))} {metadata}");
            revisions += Metering.Domain.Closing.InvoiceRevision.TryParse(blob.Name) is null ? 0 : 1;
        }

        lines.Sort(StringComparer.Ordinal);
        return new InvoiceSnapshot(string.Join('\n', lines), revisions, lines.Count);
    }

    /// <summary>A short identity of the whole snapshot, for the figures a run prints.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..16];
}
