using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using Microsoft.Extensions.ObjectPool;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Archive;

/// <summary>
/// The raw archive in the <c>archive</c> container: one blob per batch, <c>{yyyy}/{MM}/{dd}/{batch id}.ndjson</c>
/// (UTC day received), one JSON line per body in input order:
/// <c>{"position":..,"partition":..,"sequenceNumber":..,"body":"&lt;base64&gt;"}</c> (absent partition and
/// sequence number are <c>null</c>), plus <c>"originalLength":n</c> for a body the reader cut and
/// <c>"batchRemainder":true</c> for the rest of a broken JSON array: without them a replay would hash, parse and
/// perhaps accept those bodies differently than the first receipt did. The instant received is kept in the blob's
/// <c>receivedat</c> metadata.
/// </summary>
public sealed class BlobRawArchive : IRawArchive
{
    /// <summary>The metadata key of the instant the batch was received (ISO-8601, UTC, nanoseconds).</summary>
    public const string ReceivedAtMetadata = "receivedat";

    private const string BatchRemainderProperty = "batchRemainder";

    /// <summary>A buffer larger than this after a batch is left to the collector (a batch of 50,000 usual events needs about 30 MB).</summary>
    private const int MaxKeptBufferBytes = 64 * 1024 * 1024;

    private static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;
    private readonly StorageAccount _account;

    /// <summary>
    /// Archive buffers kept from batch to batch, two at most (a batch being written while the next is): each is tens of
    /// megabytes, and one made per batch went to the large-object heap, where they piled up until a full collection (an
    /// allocation profile of the command-line ingest found them the largest part of that heap).
    /// </summary>
    private readonly ObjectPool<ArrayBufferWriter<byte>> _buffers = new DefaultObjectPool<ArrayBufferWriter<byte>>(new KeptBuffers(), 2);

    /// <summary>Creates the archive over <paramref name="account"/>.</summary>
    public BlobRawArchive(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
    }

    /// <inheritdoc />
    public async Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RawEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        // Sized up front (base64 of each body plus room for its origin) so that a batch's archive is one buffer,
        // not a chain of doublings left to the large-object heap: ingest memory stays bounded per batch.
        var estimate = (int)Math.Min(events.Sum(e => (4L * ((e.Body.Length + 2) / 3)) + 160 + (e.Partition?.Length ?? 0)), Array.MaxLength);
        var buffer = _buffers.Get();
        if (buffer.Capacity < estimate)
        {
            // A kept buffer too small would grow by doubling: a new one instead, with a quarter more room than this batch
            // needs so that the next, slightly larger batches fit it too (kept after it unless too large to keep).
            buffer = new ArrayBufferWriter<byte>((int)Math.Min(Array.MaxLength, Math.Max(estimate, Math.Min(estimate * 5L / 4, MaxKeptBufferBytes))));
        }

        try
        {
            await WriteAsync(batch, receivedAt, events, buffer, cancellationToken);
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private async Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RawEvent> events, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        using var w = new Utf8JsonWriter(buffer);
        foreach (var e in events)
        {
            w.Reset(buffer);
            w.WriteStartObject();
            BatchLines.WriteOrigin(w, e);
            BatchLines.WriteOriginalLength(w, e);
            if (e.IsBatchRemainder)
            {
                w.WriteBoolean(BatchRemainderProperty, true);
            }

            w.WriteBase64String("body", e.Body.Span);
            w.WriteEndObject();
            w.Flush();
            buffer.Write("\n"u8);
        }

        var container = await _account.ContainerAsync(_account.Names.Archive, cancellationToken);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ReceivedAtMetadata] = InstantText.Format(receivedAt) };
        await CreateOnlyBlob.UploadAsync(container, BlobNames.Of(batch, receivedAt), BinaryData.FromBytes(buffer.WrittenMemory), metadata, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchivedBatch> ListAsync(Interval received, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await _account.ContainerAsync(_account.Names.Archive, cancellationToken);
        await foreach (var batch in BatchBlobs.ListAsync(container, received, cancellationToken))
        {
            yield return batch;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RawEvent>> ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var container = await _account.ContainerAsync(_account.Names.Archive, cancellationToken);
        var content = await container.GetBlobClient(batch.Name).DownloadContentAsync(cancellationToken);
        var events = new List<RawEvent>();
        foreach (var line in BatchLines.Split(content.Value.Content.ToMemory()))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            events.Add(BatchLines.ReadEvent(root) with
            {
                IsBatchRemainder = root.TryGetProperty(BatchRemainderProperty, out var remainder) && remainder.GetBoolean(),
            });
        }

        return events;
    }

    /// <summary>Empties a buffer to keep it, unless it is larger than a usual batch needs.</summary>
    private sealed class KeptBuffers : IPooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        public ArrayBufferWriter<byte> Create() => new();

        public bool Return(ArrayBufferWriter<byte> obj)
        {
            obj.ResetWrittenCount();
            return obj.Capacity <= MaxKeptBufferBytes;
        }
    }
}
