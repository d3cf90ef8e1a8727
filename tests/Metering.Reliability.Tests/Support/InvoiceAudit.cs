using System.Security.Cryptography;
using Metering.Domain.Closing;
using Metering.Domain.Formats;
using Metering.Domain.Invoices;
using Metering.Storage.Accounts;
using Metering.Testing;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// What a billing system may rely on at any instant, even while a closer is being killed: every revision blob is a
/// whole invoice (it parses and validates against <c>schemas/invoice.schema.json</c>), the evidence it names exists
/// with the line count and SHA-256 it states, and each window's revisions run 1, 2, ... n without a gap, each
/// superseding the one before and differing from it in content (a revision is written only when a figure changed). The
/// same holds for every statement revision (issue 11), against <c>schemas/statement.schema.json</c>.
/// </summary>
internal static class InvoiceAudit
{
    /// <summary>Checks every stored invoice and statement revision; returns how many invoice revisions there are.</summary>
    public static async Task<int> AssertSoundAsync(StorageAccount account)
    {
        var container = account.Blobs.GetBlobContainerClient(account.Names.Invoices);
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        var revisions = new List<InvoiceRevision>();
        var statements = new List<StatementRevision>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            if (InvoiceRevision.TryParse(blob.Name) is { } revision)
            {
                revisions.Add(revision);
            }
            else if (StatementRevision.TryParse(blob.Name) is { } statement)
            {
                statements.Add(statement);
            }
        }

        foreach (var period in statements.GroupBy(r => StatementRevision.PeriodFolder(r.Tenant, r.Contract, r.WindowId, r.PeriodId)))
        {
            var numbers = period.Select(r => r.Revision).Order().ToArray();
            Assert.True(numbers.SequenceEqual(Enumerable.Range(1, numbers.Length)), $"{period.Key}: statement revisions {string.Join(", ", numbers)} skip or repeat a number.");
            string? previous = null;
            foreach (var revision in period.OrderBy(r => r.Revision))
            {
                var json = (await container.GetBlobClient(revision.BlobName).DownloadContentAsync()).Value.Content.ToArray();
                await StatementSchema.AssertValidAsync(json);
                var statement = StatementJson.Read(json);
                Assert.Equal(revision.Revision, statement.Revision);
                Assert.Equal(revision.Revision == 1 ? null : revision.Revision - 1, statement.Supersedes?.Revision);
                var evidence = (await container.GetBlobClient(statement.Evidence.BlobName).DownloadContentAsync()).Value.Content.ToArray();
                Assert.Equal(statement.Evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(evidence)));
                var fingerprint = StatementJson.Fingerprint(statement);
                Assert.True(fingerprint != previous, $"{revision.BlobName} repeats the content of the revision it supersedes.");
                previous = fingerprint;
            }
        }

        foreach (var window in revisions.GroupBy(r => r.Tenant + "/" + r.Contract + "/" + r.WindowId))
        {
            var numbers = window.Select(r => r.Revision).Order().ToArray();
            Assert.True(numbers.SequenceEqual(Enumerable.Range(1, numbers.Length)), $"{window.Key}: revisions {string.Join(", ", numbers)} skip or repeat a number.");
            string? previous = null;
            foreach (var revision in window.OrderBy(r => r.Revision))
            {
                var json = (await container.GetBlobClient(revision.BlobName).DownloadContentAsync()).Value.Content.ToArray();
                await InvoiceSchema.AssertValidAsync(json);
                var invoice = InvoiceJson.Read(json);
                Assert.Equal(revision.Revision, invoice.Revision);
                Assert.Equal(revision.Revision == 1 ? null : revision.Revision - 1, invoice.Supersedes?.Revision);
                var evidence = (await container.GetBlobClient(invoice.Evidence.BlobName).DownloadContentAsync()).Value.Content.ToArray();
                Assert.Equal(invoice.Evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(evidence)));
                Assert.Equal(invoice.Evidence.Lines, evidence.Count(b => b == (byte)'\n'));
                var fingerprint = InvoiceFingerprint.Compute(invoice);
                Assert.True(fingerprint != previous, $"{revision.BlobName} repeats the content of the revision it supersedes.");
                previous = fingerprint;
            }
        }

        return revisions.Count;
    }
}
