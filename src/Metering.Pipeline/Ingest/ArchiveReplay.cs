using System.Runtime.CompilerServices;
using Metering.Domain.Ports;
using NodaTime;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// Runs the batches of the raw archive through the ingest handler again, oldest first, each as of the instant it
/// was received (<see cref="IngestHandler.ReplayAsync"/>).
/// A batch that is still recorded is recognised by its marker and writes nothing; one whose activity was lost is
/// written again whole; one whose outcome changed (its source registered since) is recorded as it reads now. So a
/// replay restores figures after data loss and never counts an event twice.
/// </summary>
public sealed class ArchiveReplay
{
    private readonly IRawArchive _archive;
    private readonly IngestHandler _handler;

    /// <summary>Creates the replay over the archive and the handler.</summary>
    public ArchiveReplay(IRawArchive archive, IngestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(handler);
        _archive = archive;
        _handler = handler;
    }

    /// <summary>Replays every batch received within <paramref name="received"/> (start inclusive, end exclusive), one at a time.</summary>
    public async IAsyncEnumerable<ReplayedBatch> ReplayAsync(Interval received, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var archived in _archive.ListAsync(received, cancellationToken).ConfigureAwait(false))
        {
            var events = await _archive.ReadAsync(archived, cancellationToken).ConfigureAwait(false);
            var result = await _handler.ReplayAsync(events, archived.ReceivedAt, cancellationToken).ConfigureAwait(false);
            yield return new ReplayedBatch(archived, result);
        }
    }
}
