using System.Collections.Immutable;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Ports;
using Metering.Domain.Rules;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Closing;

/// <summary>
/// What publishing one kind of revisioned document needs (an invoice of a window, a statement of a period): where its
/// revisions are, how to draft it, read it, fingerprint it and supersede it (<see cref="RevisionPublisher"/>).
/// </summary>
/// <typeparam name="TAddress">The address of one revision.</typeparam>
/// <typeparam name="TDocument">The document.</typeparam>
internal interface IRevisionKind<TAddress, TDocument>
    where TAddress : class
{
    /// <summary>A revision's blob name, for messages.</summary>
    string NameOf(TAddress revision);

    /// <summary>The revisions published so far, oldest first.</summary>
    Task<IReadOnlyList<TAddress>> ListAsync(CancellationToken cancellationToken);

    /// <summary>A revision's JSON and baseline, or null when it is gone.</summary>
    Task<(ReadOnlyMemory<byte> Json, TouchBaseline Baseline)?> ReadAsync(TAddress revision, CancellationToken cancellationToken);

    /// <summary>Measures over stored activity and drafts revision 1, with its evidence file and the blob name it gives it.</summary>
    Task<(TDocument Draft, EvidenceFile Evidence, string EvidenceName)> DraftAsync(CancellationToken cancellationToken);

    TDocument Parse(ReadOnlyMemory<byte> json);

    byte[] Write(TDocument document);

    string Fingerprint(TDocument document);

    int RevisionOf(TDocument document);

    TAddress AddressOf(int revision);

    TDocument Supersede(TDocument draft, TDocument previous, ImmutableSortedDictionary<LocalDate, long> lateEvents);

    /// <summary>Creates the revision, write-once; false when another closer created it first.</summary>
    Task<bool> TryCreateAsync(TAddress revision, byte[] json, TouchBaseline baseline, CancellationToken cancellationToken);

    /// <summary>The ledger record of what this close saw and wrote.</summary>
    CloseRecord Record(int revision, string fingerprint, TouchBaseline baseline);
}

/// <summary>
/// The publish loop invoices and statements share (docs/closing.md, "Revisions"): list the revisions, then measure, so
/// that what is published is never older than the revision it supersedes; publish only when the content differs from
/// the latest revision; create write-once, and when another closer won the race for that revision, list and measure
/// again rather than publish an older draft. The ledger records what each close saw.
/// </summary>
internal static partial class RevisionPublisher
{
    // Two closers racing for the same revision: the loser lists, measures and compares again; a handful of rounds is plenty.
    private const int MaxPublishRounds = 5;

    /// <summary>
    /// Publishes the document of <paramref name="kind"/>; the outcome is the revision written or confirmed, and its
    /// document. <paramref name="stillCurrent"/> is asked just before a revision is created whether the contract the
    /// draft was measured under is still the stored one: a closer that read it before an amendment must not supersede
    /// what a closer under the amendment published (<see cref="ContractChangedException"/>; the scheduler's
    /// <c>amended</c> close publishes instead).
    /// </summary>
    public static async Task<(CloseStatus Status, TAddress Revision, TDocument Document)> PublishAsync<TAddress, TDocument>(
        IRevisionKind<TAddress, TDocument> kind,
        Func<CancellationToken, Task<TouchBaseline>> readBaseline,
        IInvoiceStore evidence,
        ICloseLedger ledger,
        ILogger logger,
        string what,
        Func<CancellationToken, Task<bool>> stillCurrent,
        CancellationToken cancellationToken)
        where TAddress : class
    {
        for (var round = 0; round < MaxPublishRounds; round++)
        {
            var revisions = await kind.ListAsync(cancellationToken).ConfigureAwait(false);
            var baseline = await readBaseline(cancellationToken).ConfigureAwait(false);
            var (candidate, file, fileName) = await kind.DraftAsync(cancellationToken).ConfigureAwait(false);

            // Computed once: superseding changes only what the fingerprint leaves out (revision, supersedes, delta, late events).
            var fingerprint = kind.Fingerprint(candidate);
            if (revisions.Count > 0)
            {
                var latest = revisions[^1];
                var stored = await kind.ReadAsync(latest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Revision {kind.NameOf(latest)} was listed but cannot be read.");
                var previous = kind.Parse(stored.Json);
                if (fingerprint == kind.Fingerprint(previous))
                {
                    await ledger.SaveAsync(kind.Record(kind.RevisionOf(previous), fingerprint, baseline), cancellationToken).ConfigureAwait(false);
                    return (CloseStatus.Unchanged, latest, previous);
                }

                candidate = kind.Supersede(candidate, previous, baseline.Since(stored.Baseline));
            }

            var revision = kind.AddressOf(kind.RevisionOf(candidate));
            if (!await stillCurrent(cancellationToken).ConfigureAwait(false))
            {
                throw new ContractChangedException($"The contract of {what} was amended while it was being closed; the close under the amendment publishes.");
            }

            await evidence.WriteEvidenceAsync(fileName, file.Content, cancellationToken).ConfigureAwait(false);
            if (await kind.TryCreateAsync(revision, kind.Write(candidate), baseline, cancellationToken).ConfigureAwait(false))
            {
                await ledger.SaveAsync(kind.Record(kind.RevisionOf(candidate), fingerprint, baseline), cancellationToken).ConfigureAwait(false);
                return (CloseStatus.Written, revision, candidate);
            }

            LogLostRace(logger, kind.NameOf(revision));
        }

        throw new InvalidOperationException($"Could not publish {what} after {MaxPublishRounds} rounds of concurrent closes.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {Revision} was published by another closer; measuring again")]
    private static partial void LogLostRace(ILogger logger, string revision);
}

/// <summary>The contract a close measured under was amended before it could publish: the close is dropped, not retried.</summary>
internal sealed class ContractChangedException(string message) : Exception(message);
