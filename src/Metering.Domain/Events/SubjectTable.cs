using System.IO.Hashing;
using System.Text;

namespace Metering.Domain.Events;

/// <summary>
/// The distinct subjects of one batch, keyed by their unescaped UTF-8 bytes. A batch names the same users over and
/// over (activity is heavily skewed), so each distinct subject is decoded and checked against the rule of opaque
/// identifiers once, and every later event gets the same string instance and a small integer id that ingest can
/// group by without hashing text. Subjects too long to be valid in any encoding are decoded and checked every time
/// and get no id. Not thread-safe; one per parser.
/// </summary>
internal sealed class SubjectTable
{
    /// <summary>Bytes above which a subject is not kept: more than 256 scalar values whatever its characters.</summary>
    public const int MaxInternedBytes = CloudEventParser.MaxSubjectLength * 4;

    private readonly List<Entry> _entries = [];
    private int[] _buckets = new int[1024];
    private byte[] _bytes = new byte[16 * 1024];
    private int _bytesUsed;

    /// <summary>Forgets every subject, keeping the room for the next batch.</summary>
    public void Clear()
    {
        _entries.Clear();
        Array.Clear(_buckets);
        _bytesUsed = 0;
    }

    /// <summary>How many distinct subjects were met.</summary>
    public int Count => _entries.Count;

    /// <summary>The text of subject <paramref name="id"/>.</summary>
    public string Text(int id) => _entries[id].Text;

    /// <summary>
    /// Finds or adds the subject of <paramref name="utf8"/> (well-formed UTF-8): its text, what is wrong with it if
    /// anything, and its id (-1 when it is too long to keep).
    /// </summary>
    public (string Text, OpaqueTextProblem Problem, int Id) Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxInternedBytes)
        {
            var text = Encoding.UTF8.GetString(utf8);
            return (text, OpaqueText.Inspect(text, CloudEventParser.MaxSubjectLength), -1);
        }

        var hash = XxHash3.HashToUInt64(utf8);
        var mask = _buckets.Length - 1;
        var slot = (int)(hash & (ulong)mask);
        while (_buckets[slot] != 0)
        {
            var found = _entries[_buckets[slot] - 1];
            if (found.Hash == hash && _bytes.AsSpan(found.Start, found.Length).SequenceEqual(utf8))
            {
                return (found.Text, found.Problem, _buckets[slot] - 1);
            }

            slot = (slot + 1) & mask;
        }

        var added = Encoding.UTF8.GetString(utf8);
        var problem = OpaqueText.Inspect(added, CloudEventParser.MaxSubjectLength);
        if (_bytesUsed + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(_bytesUsed));
        _entries.Add(new Entry(hash, _bytesUsed, utf8.Length, added, problem));
        _bytesUsed += utf8.Length;
        _buckets[slot] = _entries.Count;
        if (_entries.Count * 2 > _buckets.Length)
        {
            Grow();
        }

        return (added, problem, _entries.Count - 1);
    }

    /// <summary>
    /// The ordinal rank of every subject met (rank 0 sorts first by <see cref="string.CompareOrdinal(string, string)"/>),
    /// indexed by id: ordering units by rank is ordering them ordinally, with one string sort per batch.
    /// </summary>
    public int[] OrdinalRanks()
    {
        var ids = new int[_entries.Count];
        var texts = new string[_entries.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
            texts[i] = _entries[i].Text;
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
        var buckets = new int[_buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < _entries.Count; i++)
        {
            var slot = (int)(_entries[i].Hash & (ulong)mask);
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            buckets[slot] = i + 1;
        }

        _buckets = buckets;
    }

    private readonly record struct Entry(ulong Hash, int Start, int Length, string Text, OpaqueTextProblem Problem);
}
