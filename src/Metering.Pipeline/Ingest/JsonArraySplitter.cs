using Metering.Domain.Events;

namespace Metering.Pipeline.Ingest;

/// <summary>
/// A JSON array of events (<c>application/cloudevents-batch+json</c>), fed from its opening <c>[</c>. Each element's
/// exact bytes (without the whitespace around it) become one event, numbered from 1. Elements are delimited by
/// tracking strings, escapes and bracket nesting only; what an element holds is the parser's business, so a
/// scalar element is an event too (rejected as not an object). When the array cannot be split any further (a
/// missing or trailing comma, mismatched brackets, an unterminated string or array, content after the closing
/// bracket) the rest of the input, from the start of the element being read or from the offending byte, becomes
/// one last event marked <see cref="RawEvent.IsBatchRemainder"/>; an array cut short right after an element
/// gives an empty remainder, so that the damage is still reported.
/// </summary>
internal sealed class JsonArraySplitter(int maxEventBytes) : IEventSplitter
{
    /// <summary>Bracket kinds are matched to this depth; deeper, only the depth is counted (no event is valid that deep anyway).</summary>
    private const int MatchedDepth = 256;

    private static readonly byte[] ScalarEnds = " \t\r\n,]"u8.ToArray();
    private static readonly byte[] NestedStops = "\"\\{}[]"u8.ToArray();

    private readonly EventBodyBuffer _element = new(maxEventBytes);
    private readonly byte[] _closers = new byte[MatchedDepth];
    private State _state = State.Open;
    private long _position = 1;
    private int _depth;
    private bool _inString;
    private bool _escaped;

    private enum State
    {
        /// <summary>Before the opening bracket.</summary>
        Open,

        /// <summary>After <c>[</c>: an element or <c>]</c>.</summary>
        FirstElement,

        /// <summary>After <c>,</c>: an element.</summary>
        NextElement,

        /// <summary>Inside a string, object or array element.</summary>
        Nested,

        /// <summary>Inside a number or literal element.</summary>
        Scalar,

        /// <summary>After an element: <c>,</c> or <c>]</c>.</summary>
        AfterElement,

        /// <summary>After <c>]</c>: only whitespace.</summary>
        Closed,

        /// <summary>The array could not be split further: everything left is the remainder.</summary>
        Broken,
    }

    public void Feed(ReadOnlySpan<byte> bytes, List<RawEvent> events)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case State.Broken:
                    _element.Append(bytes[i..]);
                    return;

                case State.Nested:
                    var end = ScanNested(bytes, i);
                    _element.Append(bytes[i..end]);
                    i = end;
                    if (_state == State.AfterElement)
                    {
                        Emit(events);
                    }

                    break;

                case State.Scalar:
                    var stop = bytes[i..].IndexOfAny(ScalarEnds);
                    if (stop < 0)
                    {
                        _element.Append(bytes[i..]);
                        return;
                    }

                    _element.Append(bytes.Slice(i, stop));
                    i += stop;
                    Emit(events);
                    _state = State.AfterElement;
                    break;

                default:
                    var b = bytes[i];
                    if (!IsWhitespace(b))
                    {
                        Structural(b);
                        if (_state == State.Broken)
                        {
                            continue; // the offending byte starts the remainder
                        }

                        if (_state is State.Nested or State.Scalar)
                        {
                            _element.Append(bytes.Slice(i, 1));
                        }
                    }

                    i++;
                    break;
            }
        }
    }

    public void Complete(List<RawEvent> events)
    {
        if (_state is State.Closed or State.Open)
        {
            return;
        }

        // Cut short (or broken): whatever element was open, or nothing at all, is the remainder.
        events.Add(new RawEvent(_element.Kept.ToArray(), _position)
        {
            IsBatchRemainder = true,
            OriginalLength = _element.IsCut ? _element.Length : null,
        });
        _element.Clear();
        _state = State.Closed;
    }

    private void Structural(byte b) =>
        _state = _state switch
        {
            State.Open => b == '[' ? State.FirstElement : State.Broken,
            State.FirstElement when b == ']' => State.Closed,
            State.FirstElement or State.NextElement when b is (byte)',' or (byte)']' => State.Broken,
            State.FirstElement or State.NextElement => StartElement(b),
            State.AfterElement when b == ',' => State.NextElement,
            State.AfterElement when b == ']' => State.Closed,
            _ => State.Broken,
        };

    private State StartElement(byte b)
    {
        _depth = 0;
        _inString = false;
        _escaped = false;
        switch (b)
        {
            case (byte)'{':
            case (byte)'[':
                Open(b);
                return State.Nested;
            case (byte)'"':
                _inString = true;
                return State.Nested;
            default:
                return State.Scalar;
        }
    }

    private void Open(byte b)
    {
        if (_depth < MatchedDepth)
        {
            _closers[_depth] = b == '{' ? (byte)'}' : (byte)']';
        }

        _depth++;
    }

    /// <summary>
    /// Scans an open string, object or array element from <paramref name="i"/>; returns the index after the byte
    /// that closed it (state <see cref="State.AfterElement"/>) or broke it (<see cref="State.Broken"/>), or the
    /// length of <paramref name="bytes"/> when it is still open.
    /// </summary>
    private int ScanNested(ReadOnlySpan<byte> bytes, int i)
    {
        while (i < bytes.Length)
        {
            if (_escaped)
            {
                _escaped = false;
                i++;
                continue;
            }

            var next = bytes[i..].IndexOfAny(NestedStops);
            if (next < 0)
            {
                return bytes.Length;
            }

            i += next;
            var b = bytes[i++];
            if (_inString)
            {
                if (b == '\\')
                {
                    _escaped = true;
                }
                else if (b == '"')
                {
                    _inString = false;
                    if (_depth == 0)
                    {
                        _state = State.AfterElement;
                        return i;
                    }
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    Open(b);
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    if (_depth < MatchedDepth && _closers[_depth] != b)
                    {
                        _state = State.Broken;
                        return i;
                    }

                    if (_depth == 0)
                    {
                        _state = State.AfterElement;
                        return i;
                    }

                    break;
                default:
                    // A backslash outside a string: not JSON, but the element can still be delimited; the parser rejects it.
                    break;
            }
        }

        return i;
    }

    private void Emit(List<RawEvent> events)
    {
        var body = _element.Kept.ToArray();
        events.Add(_element.IsCut
            ? new RawEvent(body, _position) { OriginalLength = _element.Length }
            : new RawEvent(body, _position));
        _position++;
        _element.Clear();
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
