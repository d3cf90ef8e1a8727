using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Archive;

/// <summary>
/// The per-batch blobs of the raw archive and of the dead letters, named <c>{yyyy}/{MM}/{dd}/{batch id}.ndjson</c> by
/// the UTC day received, with the instant received in their metadata: listed by when they were received, or found by
/// batch id.
/// </summary>
internal static class BatchBlobs
{
    /// <summary>The batches received within <paramref name="received"/> (bounded), oldest first, day by day.</summary>
    public static async IAsyncEnumerable<ArchivedBatch> ListAsync(BlobContainerClient container, Interval received, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!received.HasStart || !received.HasEnd)
        {
            throw new ArgumentException("Listing needs a bounded interval.", nameof(received));
        }

        var lastDay = (received.End - Duration.Epsilon).InUtc().Date;
        for (var day = received.Start.InUtc().Date; day <= lastDay; day = day.PlusDays(1))
        {
            // Names sort by batch id, not by time: sort the day's batches by when they were received.
            var batches = new List<ArchivedBatch>();
            await foreach (var batch in InAsync(container, BlobNames.DayPrefix(day), cancellationToken).ConfigureAwait(false))
            {
                if (received.Contains(batch.ReceivedAt))
                {
                    batches.Add(batch);
                }
            }

            foreach (var batch in batches.OrderBy(b => b.ReceivedAt).ThenBy(b => b.Name, StringComparer.Ordinal))
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Every blob of <paramref name="batch"/> (one per UTC day it was received on), oldest first. Names do not start
    /// with the batch id, so every name of the container is listed (5,000 a request, names only).
    /// </summary>
    public static async Task<IReadOnlyList<ArchivedBatch>> FindAsync(BlobContainerClient container, BatchId batch, CancellationToken cancellationToken)
    {
        var found = new List<ArchivedBatch>();
        var suffix = "/" + batch.Value + BlobNames.Extension;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                await foreach (var named in InAsync(container, blob.Name, cancellationToken).ConfigureAwait(false))
                {
                    found.Add(named);
                }
            }
        }

        return [.. found.OrderBy(b => b.ReceivedAt)];
    }

    private static async IAsyncEnumerable<ArchivedBatch> InAsync(BlobContainerClient container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix };
        await foreach (var blob in container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            if (blob.Metadata.TryGetValue(BlobRawArchive.ReceivedAtMetadata, out var text) && InstantPattern.ExtendedIso.Parse(text) is { Success: true } parsed)
            {
                yield return new ArchivedBatch(BlobNames.BatchOf(blob.Name), parsed.Value, blob.Name);
            }
        }
    }
}
