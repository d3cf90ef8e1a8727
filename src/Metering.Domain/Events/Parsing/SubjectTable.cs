using System.IO.Hashing;
using System.Text;
using Metering.Domain.Events;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// The distinct subjects of one batch, keyed by their unescaped UTF-8 bytes. A batch names the same users over and
/// over (activity is heavily skewed), so each distinct subject is decoded and checked against the rule of opaque
/// identifiers once, and every later event gets its verdict and a small integer id that ingest can group by
/// without hashing text; the string itself is fetched only where a record needs it. Subjects too long to be valid
/// in any encoding are decoded and checked every time and get no id. Not thread-safe; one per parser.
/// </summary>
internal sealed class SubjectTable
{
    /// <summary>The longest valid subject, in Unicode scalar values (<see cref="CloudEventParser.MaxSubjectLength"/>).</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>Bytes above which a subject is not kept: more than 256 scalar values whatever its characters.</summary>
    public const int MaxInternedBytes = MaxSubjectLength * 4;

    private readonly List<string> _texts = [];
    private readonly List<(int Start, int Length)> _places = [];
    private Slot[] _slots = new Slot[1024];
    private byte[] _bytes = new byte[16 * 1024];
    private int _bytesUsed;

    /// <summary>How many distinct subjects were met.</summary>
    public int Count => _texts.Count;

    /// <summary>Forgets every subject, keeping the room for the next batch.</summary>
    public void Clear()
    {
        _texts.Clear();
        _places.Clear();
        Array.Clear(_slots);
        _bytesUsed = 0;
    }

    /// <summary>The text of subject <paramref name="id"/>.</summary>
    public string Text(int id) => _texts[id];

    /// <summary>The UTF-8 bytes of subject <paramref name="id"/>, as <see cref="Text"/> encodes them; valid until <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int id)
    {
        var (start, length) = _places[id];
        return _bytes.AsSpan(start, length);
    }

    /// <summary>
    /// Finds or adds the subject of <paramref name="utf8"/> (well-formed UTF-8): what is wrong with it if anything,
    /// and its id; a subject too long to keep has id -1 and its text in <paramref name="unkept"/>.
    /// </summary>
    public (OpaqueTextProblem Problem, int Id) Intern(ReadOnlySpan<byte> utf8, out string? unkept)
    {
        unkept = null;
        if (utf8.Length > MaxInternedBytes)
        {
            unkept = Encoding.UTF8.GetString(utf8);
            return (OpaqueText.Inspect(unkept, MaxSubjectLength), -1);
        }

        // The slot holds hash, place and verdict together: a lookup reads one slot and compares the bytes once.
        var hash = XxHash3.HashToUInt64(utf8);
        var mask = _slots.Length - 1;
        var at = (int)(hash & (ulong)mask);
        while (_slots[at].Occupied)
        {
            ref readonly var slot = ref _slots[at];
            if (slot.Hash == hash && _bytes.AsSpan(slot.Start, slot.Length).SequenceEqual(utf8))
            {
                return (slot.Problem, slot.Id);
            }

            at = (at + 1) & mask;
        }

        var text = Encoding.UTF8.GetString(utf8);
        var problem = OpaqueText.Inspect(text, MaxSubjectLength);
        if (_bytesUsed + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(_bytesUsed));
        var id = _texts.Count;
        _texts.Add(text);
        _places.Add((_bytesUsed, utf8.Length));
        _slots[at] = new Slot(hash, _bytesUsed, utf8.Length, id, problem, Occupied: true);
        _bytesUsed += utf8.Length;
        if (_texts.Count * 2 > _slots.Length)
        {
            Grow();
        }

        return (problem, id);
    }

    /// <summary>
    /// The ordinal rank of every subject met (rank 0 sorts first by <see cref="string.CompareOrdinal(string, string)"/>),
    /// indexed by id: ordering units by rank is ordering them ordinally, with one string sort per batch.
    /// </summary>
    public int[] OrdinalRanks()
    {
        var ids = new int[_texts.Count];
        var texts = _texts.ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }

        Array.Sort(texts, ids, StringComparer.Ordinal);
        var ranks = new int[ids.Length];
        for (var rank = 0; rank < ids.Length; rank++)
        {
            ranks[ids[rank]] = rank;
        }

        return ranks;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot.Occupied)
            {
                var at = (int)(slot.Hash & (ulong)mask);
                while (slots[at].Occupied)
                {
                    at = (at + 1) & mask;
                }

                slots[at] = slot;
            }
        }

        _slots = slots;
    }

    private readonly record struct Slot(ulong Hash, int Start, int Length, int Id, OpaqueTextProblem Problem, bool Occupied);
}
