using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// NDJSON: one event per line, ended by <c>\n</c> or <c>\r\n</c> (the terminator is not part of the body) or by
/// the end of the input. A line of only spaces, tabs and carriage returns is blank: not an event, but it still
/// counts, so <see cref="RawEvent.Position"/> is always the 1-based line number of the file.
/// </summary>
internal sealed class NdjsonSplitter(int maxEventBytes) : IEventSplitter
{
    private static readonly byte[] Blank = " \t\r"u8.ToArray();

    private readonly EventBodyBuffer _line = new(maxEventBytes);
    private long _lineNumber = 1;
    private bool _blank = true;
    private byte _last;

    public void Feed(ReadOnlySpan<byte> bytes, List<RawEvent> events)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var part = end < 0 ? bytes : bytes[..end];
            if (!part.IsEmpty)
            {
                if (part.IndexOfAnyExcept(Blank) >= 0)
                {
                    _blank = false;
                }

                if (end >= 0 && _line.Length == 0 && part.Length <= maxEventBytes && !_blank)
                {
                    // The whole line is in view: one copy, straight into the event.
                    var body = part[^1] == '\r' ? part[..^1] : part;
                    events.Add(new RawEvent(body.ToArray(), _lineNumber));
                    NextLine();
                    bytes = bytes[(end + 1)..];
                    continue;
                }

                _line.Append(part);
                _last = part[^1];
            }

            if (end < 0)
            {
                return;
            }

            EndLine(events);
            bytes = bytes[(end + 1)..];
        }
    }

    public void Complete(List<RawEvent> events)
    {
        if (_line.Length > 0)
        {
            EndLine(events);
        }
    }

    private void EndLine(List<RawEvent> events)
    {
        if (!_blank)
        {
            if (_last == '\r' && _line.Length > 0)
            {
                _line.DropLast();
            }

            var body = _line.Kept.ToArray();
            events.Add(_line.IsCut
                ? new RawEvent(body, _lineNumber) { OriginalLength = _line.Length }
                : new RawEvent(body, _lineNumber));
        }

        NextLine();
    }

    private void NextLine()
    {
        _line.Clear();
        _blank = true;
        _last = 0;
        _lineNumber++;
    }
}
