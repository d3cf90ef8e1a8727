using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Closing;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Storage.Accounts;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// Everything billing can read in a deployment's <c>invoices</c> container: each blob's name, the SHA-256 of its bytes
/// and its metadata (the late-event baseline), one line per blob, sorted. Two runs of the same inputs must give equal
/// snapshots: the revisions, their bytes, their evidence. The runs this suite compares close on the same injected
/// instants, so even <c>generatedAt</c> is equal and the comparison is of every byte.
/// </summary>
/// <param name="Text">One line per blob: name, SHA-256, metadata.</param>
/// <param name="Revisions">How many invoice revisions are stored.</param>
/// <param name="Statements">How many statement revisions are stored (issue 11).</param>
/// <param name="Blobs">How many blobs (revisions, evidence, baselines).</param>
/// <param name="Latest">Per window folder, and per statement period folder, the content fingerprint of its latest revision (<see cref="InvoiceFingerprint"/>, <see cref="StatementJson.Fingerprint"/>): what is owed and stated now, whatever the revisions that led there.</param>
internal sealed record InvoiceSnapshot(string Text, int Revisions, int Statements, int Blobs, IReadOnlyDictionary<string, string> Latest)
{
    public static async Task<InvoiceSnapshot> OfAsync(StorageAccount account)
    {
        var container = account.Blobs.GetBlobContainerClient(account.Names.Invoices);
        var lines = new List<string>();
        var latest = new SortedDictionary<string, (int Revision, string Fingerprint)>(StringComparer.Ordinal);
        if (!await container.ExistsAsync())
        {
            return new InvoiceSnapshot(string.Empty, 0, 0, 0, new Dictionary<string, string>());
        }

        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            var metadata = string.Join(";", blob.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
            lines.Add($"{blob.Name} {Convert.ToHexStringLower(SHA256.HashData(content))} {metadata}");
            if (InvoiceRevision.TryParse(blob.Name) is { } revision)
            {
                var folder = InvoiceRevision.WindowFolder(revision.Tenant, revision.Contract, revision.WindowId);
                if (!latest.TryGetValue(folder, out var known) || known.Revision < revision.Revision)
                {
                    latest[folder] = (revision.Revision, InvoiceFingerprint.Compute(InvoiceJson.Read(content)));
                }
            }
            else if (StatementRevision.TryParse(blob.Name) is { } statement)
            {
                var folder = StatementRevision.PeriodFolder(statement.Tenant, statement.Contract, statement.WindowId, statement.PeriodId);
                if (!latest.TryGetValue(folder, out var known) || known.Revision < statement.Revision)
                {
                    latest[folder] = (statement.Revision, StatementJson.Fingerprint(StatementJson.Read(content)));
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new InvoiceSnapshot(
            string.Join('\n', lines),
            lines.Count(l => InvoiceRevision.TryParse(l[..l.IndexOf(' ', StringComparison.Ordinal)]) is not null),
            lines.Count(l => StatementRevision.TryParse(l[..l.IndexOf(' ', StringComparison.Ordinal)]) is not null),
            lines.Count,
            latest.ToDictionary(l => l.Key, l => l.Value.Fingerprint, StringComparer.Ordinal));
    }

    /// <summary>A short identity of the whole snapshot, for the figures a run prints.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..16];
}
