using System.Buffers;
using System.Collections.Immutable;
using NodaTime;

namespace Metering.Simulation;

/// <summary>
/// Writes simulated telemetry as NDJSON CloudEvents (one event a line), day by day, each tenant's users in groups
/// sorted by time, with the disorder of <see cref="SimulationOptions.Disorder"/>. Memory is bounded by one group's
/// day (plus events held back for a few days), never by the volume written, so millions of events stream through.
/// The output depends on the options and seed only: the same options give the same bytes.
/// </summary>
public static class TelemetryGenerator
{
    private const int FlushBytes = 1 << 20;

    /// <summary>
    /// Generates the telemetry of <paramref name="options"/> into <paramref name="onTime"/>, and the events that arrive
    /// after their window closed into <paramref name="late"/> (or at the end of <paramref name="onTime"/> when null).
    /// <paramref name="progress"/> hears each simulated day once it is written.
    /// </summary>
    /// <exception cref="ArgumentException">The options have problems (every one is listed).</exception>
    public static async Task<GenerationReport> WriteAsync(
        SimulationOptions options, Stream onTime, Stream? late, IProgress<LocalDate>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onTime);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The simulation options have problems: " + string.Join(" ", problems), nameof(options));
        }

        var run = new Run(options, onTime, late);
        await run.GenerateAsync(progress, cancellationToken).ConfigureAwait(false);
        return run.Report();
    }

    /// <summary>The state of one generation.</summary>
    private sealed class Run(SimulationOptions options, Stream onTime, Stream? late)
    {
        private readonly SeededRandom _disorder = new SeededRandom(options.Seed).Fork(0xD150);

        // Bad lines draw from their own stream: the rate of them changes neither the world nor the rest of the disorder.
        private readonly SeededRandom _bad = new SeededRandom(options.Seed).Fork(0xBAD);
        private readonly ArrayBufferWriter<byte> _out = new(FlushBytes + (1 << 16));
        private readonly ArrayBufferWriter<byte> _late = new(1 << 16);
        private readonly SortedDictionary<LocalDate, List<byte[]>> _heldBack = [];
        private readonly SortedDictionary<string, long> _events = new(StringComparer.Ordinal);
        private readonly Disorder _mix = options.Disorder;
        private long _onTimeLines;
        private long _lateLines;
        private long _duplicates;
        private long _redelivered;
        private long _outOfOrder;
        private long _badLines;

        public async Task GenerateAsync(IProgress<LocalDate>? progress, CancellationToken cancellationToken)
        {
            var seed = new SeededRandom(options.Seed);
            var worlds = options.Tenants.Select((t, i) => new TenantWorld(t, seed.Fork((ulong)i + 1))).ToArray();
            var buffer = new EventBuffer();
            for (var day = options.First; day <= options.Last; day = day.PlusDays(1))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_heldBack.Remove(day, out var released))
                {
                    foreach (var body in released)
                    {
                        Line(_out, body);
                        _onTimeLines++;
                    }
                }

                foreach (var world in worlds)
                {
                    foreach (var (from, to) in world.Groups(options.UsersPerGroup).ToList())
                    {
                        buffer.Clear();
                        world.Generate(day, day == options.First, from, to, buffer);
                        buffer.SortByTime();
                        Emit(world, day, buffer);
                        if (_out.WrittenCount >= FlushBytes)
                        {
                            await FlushAsync(onTime, _out, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                progress?.Report(day);
            }

            foreach (var released in _heldBack.Values.SelectMany(b => b))
            {
                Line(_out, released);
                _onTimeLines++;
            }

            _heldBack.Clear();
            if (late is null)
            {
                _out.Write(_late.WrittenSpan);
                _onTimeLines += _lateLines;
                _lateLines = 0;
                _late.ResetWrittenCount();
            }

            await FlushAsync(onTime, _out, cancellationToken).ConfigureAwait(false);
            if (late is not null)
            {
                await FlushAsync(late, _late, cancellationToken).ConfigureAwait(false);
            }
        }

        public GenerationReport Report() => new(
            _onTimeLines, _lateLines, _events.ToImmutableSortedDictionary(StringComparer.Ordinal), _duplicates, _redelivered, _outOfOrder, _badLines);

        private void Emit(TenantWorld world, LocalDate day, EventBuffer buffer)
        {
            var entries = buffer.Entries;
            var sent = new List<int>(entries.Count);
            var pendingCopies = new List<(int At, int Entry)>();
            var count = entries.Count;
            for (var i = 0; i < count; i++)
            {
                var entry = entries[i];
                _events[entry.Type] = _events.GetValueOrDefault(entry.Type) + 1;
                if (_disorder.Chance(_mix.Late))
                {
                    Line(_late, buffer.Body(entry));
                    _lateLines++;
                }
                else if (_disorder.Chance(_mix.OutOfOrder))
                {
                    var release = day.PlusDays(_disorder.Next(1, 4));
                    if (!_heldBack.TryGetValue(release, out var list))
                    {
                        _heldBack[release] = list = [];
                    }

                    list.Add(buffer.Body(entry).ToArray());
                    _outOfOrder++;
                }
                else
                {
                    Line(_out, buffer.Body(entry));
                    _onTimeLines++;
                    sent.Add(i);
                    if (_disorder.Chance(_mix.Duplicates))
                    {
                        pendingCopies.Add((i + _disorder.Next(1, 20), i));
                    }
                }

                for (var p = pendingCopies.Count - 1; p >= 0; p--)
                {
                    if (pendingCopies[p].At <= i)
                    {
                        Copy(buffer, entries[pendingCopies[p].Entry]);
                        pendingCopies.RemoveAt(p);
                    }
                }

                if (_bad.Chance(_mix.BadLines))
                {
                    BadLine(world, entry, buffer);
                }
            }

            foreach (var (_, entry) in pendingCopies)
            {
                Copy(buffer, entries[entry]);
            }

            if (sent.Count > 0 && _disorder.Chance(_mix.Redeliveries))
            {
                // A consumer that lost its lease reads again from its last checkpoint: a run of recent events, again.
                var length = Math.Min(sent.Count, _disorder.Next(10, 200));
                foreach (var index in sent.Skip(sent.Count - length))
                {
                    Line(_out, buffer.Body(entries[index]));
                    _onTimeLines++;
                    _redelivered++;
                }
            }
        }

        private void Copy(EventBuffer buffer, EventBuffer.Entry entry)
        {
            Line(_out, buffer.Body(entry));
            _onTimeLines++;
            _duplicates++;
        }

        private void BadLine(TenantWorld world, EventBuffer.Entry near, EventBuffer buffer)
        {
            // Written into the same buffer (after the sorted events) and sent at once.
            var before = buffer.Count;
            world.BadLine(Instant.FromUnixTimeTicks(near.Ticks), options.Last, buffer, _bad);
            for (var k = before; k < buffer.Count; k++)
            {
                Line(_out, buffer.Body(buffer.Entries[k]));
                _onTimeLines++;
                _badLines++;
            }
        }

        private static void Line(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> body)
        {
            output.Write(body);
            output.Write("\n"u8);
        }

        private static async Task FlushAsync(Stream stream, ArrayBufferWriter<byte> output, CancellationToken cancellationToken)
        {
            if (output.WrittenCount == 0)
            {
                return;
            }

            await stream.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
            output.ResetWrittenCount();
        }
    }
}
