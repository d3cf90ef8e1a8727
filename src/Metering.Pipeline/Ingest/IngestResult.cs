using System.Collections.Immutable;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// What ingesting one or more batches did. Results add up (<c>+</c>), so a host can report a whole run, and reports
/// of several runs add up too: <see cref="Received"/> is always <see cref="Accepted"/> plus every dead-lettered count plus
/// <see cref="AlreadyRecorded"/>, and the events of a batch recorded before (a rerun, a resent request, a redelivery)
/// count only as already recorded, never again as accepted, dead-lettered or late.
/// </summary>
/// <param name="Batches">Batches handled.</param>
/// <param name="Received">Events received.</param>
/// <param name="Accepted">Events valid and recorded (their presence, facts and touches stored).</param>
/// <param name="DeadLettered">Rejected events by primary reason code (<see cref="Domain.Events.RejectionReason"/>), each kept in a dead-letter blob.</param>
/// <param name="EntitiesWritten">Table entities written.</param>
/// <param name="StorageRequests">Table requests made for activity and event claims (a transaction counts once).</param>
/// <param name="SkippedAsRedelivered">Batches found already recorded, for which nothing was written.</param>
public sealed record IngestResult(
    int Batches,
    long Received,
    long Accepted,
    ImmutableSortedDictionary<string, long> DeadLettered,
    long EntitiesWritten,
    long StorageRequests,
    int SkippedAsRedelivered)
{
    /// <summary>Nothing ingested.</summary>
    public static IngestResult Empty { get; } =
        new(0, 0, 0, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal), 0, 0, 0);

    /// <summary>Accepted events whose local day was inside a window already closed: late events, recorded as touches so the next close run revises that window.</summary>
    public long LateEvents { get; init; }

    /// <summary>
    /// Events of batches found already recorded: their first receipt counted them (accepted, dead-lettered or late) and
    /// nothing was written for them now.
    /// </summary>
    public long AlreadyRecorded { get; init; }

    /// <summary>Events dead-lettered, every reason.</summary>
    public long DeadLetteredTotal => DeadLettered.Values.Sum();

    /// <summary>The sum of two results.</summary>
    public static IngestResult operator +(IngestResult a, IngestResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var reasons = a.DeadLettered.ToBuilder();
        foreach (var (reason, count) in b.DeadLettered)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        }

        return new IngestResult(
            a.Batches + b.Batches,
            a.Received + b.Received,
            a.Accepted + b.Accepted,
            reasons.ToImmutable(),
            a.EntitiesWritten + b.EntitiesWritten,
            a.StorageRequests + b.StorageRequests,
            a.SkippedAsRedelivered + b.SkippedAsRedelivered)
        {
            LateEvents = a.LateEvents + b.LateEvents,
            AlreadyRecorded = a.AlreadyRecorded + b.AlreadyRecorded,
        };
    }

    /// <summary>The sum of two results.</summary>
    public static IngestResult Add(IngestResult a, IngestResult b) => a + b;

    /// <summary>Equal when every count is, reason by reason.</summary>
    public bool Equals(IngestResult? other) =>
        other is not null
        && Batches == other.Batches
        && Received == other.Received
        && Accepted == other.Accepted
        && EntitiesWritten == other.EntitiesWritten
        && StorageRequests == other.StorageRequests
        && SkippedAsRedelivered == other.SkippedAsRedelivered
        && LateEvents == other.LateEvents
        && AlreadyRecorded == other.AlreadyRecorded
        && DeadLettered.Count == other.DeadLettered.Count
        && DeadLettered.All(r => other.DeadLettered.TryGetValue(r.Key, out var count) && count == r.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Batches, Received, Accepted, EntitiesWritten, StorageRequests, SkippedAsRedelivered, DeadLettered.Count);
}
