using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Ingest;

/// <summary>
/// The working tables of one planning (subjects, presence, chunks with their facts' key messages, touches, claims, body
/// hashes, the content digest's buffer and tenant parts), kept per thread from one
/// batch to the next. Each batch of 50,000 events needs several megabytes of them; made anew every batch they go to
/// the large-object heap and cost full collections, so a thread that plans batch after batch reuses its own. Tables
/// that one unusually large batch grew past <see cref="MaxKeptEntries"/> are not kept. Nothing of them outlives a
/// plan: every output is copied into new arrays.
/// </summary>
internal sealed class PlannerScratch
{
    /// <summary>Tables holding more entries than this after a batch are left to the collector.</summary>
    public const int MaxKeptEntries = 1 << 19;

    [ThreadStatic]
    private static PlannerScratch? _cached;

    private UInt128[] _hashes = [];

    private PlannerScratch(int batchSize)
    {
        Presence = new PresenceAccumulator(batchSize / 2);
        Facts = new FactChunkAccumulator(batchSize / 5);
    }

    public SubjectTable Subjects { get; } = new();

    public PresenceAccumulator Presence { get; }

    public FactChunkAccumulator Facts { get; }

    public DayTouchAccumulator Touches { get; } = new();

    /// <summary>The identity and content of each accepted copy of the batch.</summary>
    public ClaimTable Claims { get; } = new();

    /// <summary>Digests events' content.</summary>
    public EventContent Content { get; } = new();

    /// <summary>This thread's tables, empty, or new ones (also when the thread is already planning).</summary>
    public static PlannerScratch Rent(int batchSize)
    {
        var scratch = _cached ?? new PlannerScratch(batchSize);
        _cached = null;
        return scratch;
    }

    /// <summary>Room for one hash per body of the batch; the first <paramref name="count"/> are the batch's.</summary>
    public UInt128[] Hashes(int count)
    {
        if (_hashes.Length < count)
        {
            _hashes = new UInt128[count];
        }

        return _hashes;
    }

    /// <summary>Empties the tables and keeps them for the thread's next batch, unless a batch made them too large.</summary>
    public void Return()
    {
        if (Subjects.Count > MaxKeptEntries || Presence.Count > MaxKeptEntries || Facts.Count > MaxKeptEntries || Facts.Added > MaxKeptEntries || Claims.Count > MaxKeptEntries || _hashes.Length > MaxKeptEntries)
        {
            return;
        }

        Subjects.Clear();
        Content.Clear();
        ClearPass();
        _cached = this;
    }

    /// <summary>Empties what one pass over a batch accumulates, keeping the subjects, before the batch is planned again.</summary>
    public void ClearPass()
    {
        Presence.Clear();
        Facts.Clear();
        Touches.Clear();
        Claims.Clear();
    }
}
