using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using Metering.Domain.Events;
using Metering.Domain.Formats;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using Metering.Storage.Archive;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.DeadLetters;

/// <summary>
/// Rejected events in the <c>deadletter</c> container: one blob per batch with rejections,
/// <c>{yyyy}/{MM}/{dd}/{batch id}.ndjson</c> (UTC day received), one JSON line per rejected event in input order:
/// <c>{"position":..,"partition":..,"sequenceNumber":..,"reasons":[{"code":..,"attribute":..,"message":..}],"body":"&lt;base64&gt;"}</c>,
/// plus <c>"sender":".."</c> for an event a sender's hub delivered and <c>"originalLength":n</c> for a body cut at the
/// hard cap. The body is the event's bytes exactly as received, or for a cut body its first bytes only (at most the
/// cap: a body of gigabytes costs the cap, not its length); every reason found is listed, the primary one first.
/// </summary>
public sealed class BlobDeadLetterStore : IDeadLetterStore
{
    private static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;
    private readonly StorageAccount _account;

    /// <summary>Creates the store over <paramref name="account"/>.</summary>
    public BlobDeadLetterStore(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
    }

    /// <inheritdoc />
    public async Task WriteAsync(BatchId batch, Instant receivedAt, IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (rejected.Count == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var r in rejected)
        {
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                BatchLines.WriteOrigin(w, r.Event);
                w.WriteStartArray("reasons");
                foreach (var error in r.Errors)
                {
                    w.WriteStartObject();
                    w.WriteString("code", error.Code);
                    w.WriteNullableString("attribute", error.Attribute);

                    w.WriteString("message", error.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                BatchLines.WriteOriginalLength(w, r.Event);
                w.WriteBase64String("body", r.Event.Body.Span);
                w.WriteEndObject();
            }

            buffer.Write("\n"u8);
        }

        var container = await _account.ContainerAsync(_account.Names.DeadLetter, cancellationToken);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [BlobRawArchive.ReceivedAtMetadata] = InstantText.Format(receivedAt) };
        await CreateOnlyBlob.UploadAsync(container, BlobNames.Of(batch, receivedAt), BinaryData.FromBytes(buffer.WrittenMemory), metadata, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchivedBatch> ListAsync(Interval received, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await _account.ContainerAsync(_account.Names.DeadLetter, cancellationToken);
        await foreach (var batch in BatchBlobs.ListAsync(container, received, cancellationToken))
        {
            yield return batch;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArchivedBatch>> FindAsync(BatchId batch, CancellationToken cancellationToken)
    {
        var container = await _account.ContainerAsync(_account.Names.DeadLetter, cancellationToken);
        return await BatchBlobs.FindAsync(container, batch, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RejectedEvent>> ReadAsync(ArchivedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var container = await _account.ContainerAsync(_account.Names.DeadLetter, cancellationToken);
        var content = await container.GetBlobClient(batch.Name).DownloadContentAsync(cancellationToken);
        var rejected = new List<RejectedEvent>();
        foreach (var line in BatchLines.Split(content.Value.Content.ToMemory()))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var raw = BatchLines.ReadEvent(root);
            var errors = root.GetProperty("reasons").EnumerateArray()
                .Select(r => new ValidationError(
                    r.GetProperty("code").GetString()!,
                    r.TryGetProperty("attribute", out var attribute) && attribute.ValueKind == JsonValueKind.String ? attribute.GetString() : null,
                    r.GetProperty("message").GetString()!))
                .ToImmutableArray();
            rejected.Add(new RejectedEvent(raw, errors));
        }

        return [.. rejected.OrderBy(r => r.Event.Position)];
    }
}
