using System.Text;

namespace Metering.Domain.Events.Parsing;

/// <summary>
/// Strings that recur across the events of a batch (sources, meeting origins and spaces), kept once so that
/// reading them again costs a lookup instead of an allocation. Bounded: past <see cref="Capacity"/> entries or
/// <see cref="MaxPooledChars"/> characters a string is still returned, just not kept. Not thread-safe; one per
/// parser.
/// </summary>
internal sealed class Utf8StringPool
{
    public const int Capacity = 4096;
    public const int MaxPooledChars = 256;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public Utf8StringPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string of well-formed UTF-8 <paramref name="utf8"/>, pooled when small enough.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxPooledChars];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var text = chars[..length];
        if (_bySpan.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var created = text.ToString();
        if (_strings.Count < Capacity)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}
