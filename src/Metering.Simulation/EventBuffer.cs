using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;

namespace Metering.Simulation;

/// <summary>
/// The events of one group of users for one day, written as CloudEvent bodies into one byte buffer and indexed by
/// time, so that they can be sent in time order without an object per event.
/// </summary>
internal sealed class EventBuffer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _bytes = new(1 << 20);
    private readonly List<Entry> _entries = [];
    private readonly Utf8JsonWriter _writer;
    private Instant _time;
    private int _start;

    public EventBuffer() => _writer = new Utf8JsonWriter(_bytes, WriterOptions);

    public int Count => _entries.Count;

    public IReadOnlyList<Entry> Entries => _entries;

    public ReadOnlySpan<byte> Body(Entry entry) => _bytes.WrittenSpan.Slice(entry.Offset, entry.Length);

    public void Clear()
    {
        _bytes.ResetWrittenCount();
        _entries.Clear();
    }

    /// <summary>Starts an event; the caller may write a <c>data</c> object before <see cref="End"/>.</summary>
    public Utf8JsonWriter Begin(string id, string source, string type, Instant time, DateTimeZone? offsetZone, string tenant, string subject)
    {
        _start = _bytes.WrittenCount;
        _time = time;
        _writer.Reset(_bytes);
        _writer.WriteStartObject();
        _writer.WriteString("specversion"u8, "1.0"u8);
        _writer.WriteString("id"u8, id);
        _writer.WriteString("source"u8, source);
        _writer.WriteString("type"u8, type);
        Span<char> text = stackalloc char[TimeText.MaxLength];
        _writer.WriteString("time"u8, text[..TimeText.Write(time, offsetZone, text)]);
        _writer.WriteString("tenantid"u8, tenant);
        _writer.WriteString("subject"u8, subject);
        return _writer;
    }

    /// <summary>Ends the event started by <see cref="Begin"/>.</summary>
    public void End(string type)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        _entries.Add(new Entry(_time.ToUnixTimeTicks(), _entries.Count, _start, _bytes.WrittenCount - _start, type));
    }

    /// <summary>Adds a line written by hand (a deliberately broken one).</summary>
    public void AddRaw(Instant time, ReadOnlySpan<byte> line, string type)
    {
        var start = _bytes.WrittenCount;
        _bytes.Write(line);
        _entries.Add(new Entry(time.ToUnixTimeTicks(), _entries.Count, start, line.Length, type));
    }

    /// <summary>Sorts the events by time, then by the order they were generated in.</summary>
    public void SortByTime() => _entries.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Sequence.CompareTo(b.Sequence));

    /// <summary>One event: when it happened, its place in generation order, where its bytes are, its type.</summary>
    internal readonly record struct Entry(long Ticks, int Sequence, int Offset, int Length, string Type);
}
