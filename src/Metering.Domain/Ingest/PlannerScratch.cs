using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using Microsoft.Extensions.ObjectPool;

namespace Metering.Domain.Ingest;

/// <summary>
/// The working tables of one planning (subjects, presence, chunks with their facts' key messages, touches, claims, body
/// hashes, the content digest's buffer and tenant parts), kept from one batch to the next. Each batch of 50,000 events
/// needs several megabytes of them; made anew every batch they go to the large-object heap and cost full collections.
/// The process keeps as many as it has processors, for whichever thread plans next: ingest plans each batch on
/// whichever pool thread runs it, and tables kept per thread were seldom found again (an allocation profile of the
/// command-line ingest saw four batches planned on four threads, each growing its tables anew, about 15 MB of
/// large objects a batch). Tables that one unusually large batch grew past <see cref="MaxKeptEntries"/> are not kept.
/// Nothing of them outlives a plan: every output is copied into new arrays.
/// </summary>
internal sealed class PlannerScratch
{
    /// <summary>Tables holding more entries than this after a batch are left to the collector.</summary>
    public const int MaxKeptEntries = 1 << 19;

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

    /// <summary>The batch size new tables are sized for: the ingest host's default.</summary>
    private const int UsualBatchSize = 50_000;

    /// <summary>The emptied tables the process keeps: one for each planning that can run at once (the same kind of pool as keeps the raw archive's buffers).</summary>
    private static readonly ObjectPool<PlannerScratch> Kept = new DefaultObjectPool<PlannerScratch>(new KeptTables(), Environment.ProcessorCount);

    /// <summary>Room for one hash per body of the batch; the first <paramref name="count"/> are the batch's.</summary>
    public UInt128[] Hashes(int count)
    {
        if (_hashes.Length < count)
        {
            _hashes = new UInt128[count];
        }

        return _hashes;
    }

    /// <summary>Kept tables, empty, or new ones when none is kept (every planning running at once has its own).</summary>
    public static PlannerScratch Rent() => Kept.Get();

    /// <summary>
    /// Gives the tables back to be emptied and kept for the next batch, on any thread, unless a batch made them too large
    /// or the process keeps enough already.
    /// </summary>
    public void Return() => Kept.Return(this);

    /// <summary>Empties what one pass over a batch accumulates, keeping the subjects, before the batch is planned again.</summary>
    public void ClearPass()
    {
        Presence.Clear();
        Facts.Clear();
        Touches.Clear();
        Claims.Clear();
    }

    /// <summary>Makes tables for a usual batch; empties returned ones and keeps them unless a batch made them too large.</summary>
    private sealed class KeptTables : IPooledObjectPolicy<PlannerScratch>
    {
        public PlannerScratch Create() => new(UsualBatchSize);

        public bool Return(PlannerScratch obj)
        {
            if (obj.Subjects.Count > MaxKeptEntries || obj.Presence.Count > MaxKeptEntries || obj.Facts.Count > MaxKeptEntries
                || obj.Facts.Added > MaxKeptEntries || obj.Claims.Count > MaxKeptEntries || obj._hashes.Length > MaxKeptEntries)
            {
                return false;
            }

            obj.Subjects.Clear();
            obj.Content.Clear();
            obj.ClearPass();
            return true;
        }
    }
}
