using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Metering.Benchmarks.Generation;

/// <summary>
/// A seeded stream of CloudEvents (about 300 bytes each) shaped by <see cref="StreamShape"/>: activity of every
/// kind, meetings, content, sessions and user-state events, each user's first event preceded by its
/// <c>user.created</c>. Events are produced one at a time, so a stream of any length is written to NDJSON in
/// constant memory (users seen are kept as one bit each, redelivery draws from the last 64 bodies).
/// </summary>
public sealed class EventStream
{
    private const int RecentBodies = 64;

    private static readonly InstantPattern TimeText = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fff'Z'");
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] ActivityTypes = ["user.activity", "user.login", "app.launched", "data.accessed", "profile.updated"];
    private static readonly double[] ActivityWeights = [0.62, 0.22, 0.08, 0.06, 0.02];
    private static readonly string[] Origins = ["meetings", "app", "pstn", "sip"];
    private static readonly string[] HostileForms = ["DOMAIN\\user{0}", "Zoë Ünïcødé {0}", "team/alpha#{0}?x=1%", "ユーザー{0}", "first.last {0}@example.com"];

    private readonly StreamShape _shape;
    private readonly long _events;

    /// <param name="shape">The stream's shape and seed.</param>
    /// <param name="events">How many events (lines) to produce.</param>
    public EventStream(StreamShape shape, long events)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        _shape = shape;
        _events = events;
    }

    /// <summary>Every body, one array each, in arrival order.</summary>
    public IEnumerable<byte[]> Bodies()
    {
        var producer = new Producer(_shape, _events);
        while (producer.Next() is { } body)
        {
            yield return body.ToArray();
        }
    }

    /// <summary>Writes the stream as NDJSON (one event a line, <c>\n</c> after each); returns the bytes written.</summary>
    public async Task<long> WriteNdjsonAsync(Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var producer = new Producer(_shape, _events);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        long written = 0;
        while (producer.Next() is { } body)
        {
            buffer.Write(body.Span);
            buffer.Write("\n"u8);
            if (buffer.WrittenCount > (1 << 20) - 4096)
            {
                written += buffer.WrittenCount;
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.Clear();
            }
        }

        written += buffer.WrittenCount;
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return written;
    }

    /// <summary>Writes the stream to a file (replaced if it exists); returns the bytes written.</summary>
    public async Task<long> WriteNdjsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        return await WriteNdjsonAsync(file, cancellationToken);
    }

    /// <summary>The state of one pass over the stream.</summary>
    private sealed class Producer
    {
        private readonly StreamShape _shape;
        private readonly long _events;
        private readonly Random _random;
        private readonly ZipfSampler[] _users;
        private readonly double[] _tenantCumulative;
        private readonly bool[][] _seen;
        private readonly byte[]?[] _recent = new byte[]?[RecentBodies];
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;
        private readonly long _spanTicks;
        private long _produced;
        private (int Tenant, int User, Instant Time)? _pending;

        public Producer(StreamShape shape, long events)
        {
            _shape = shape;
            _events = events;
            _random = new Random(shape.Seed);
            _users = [.. shape.Tenants.Select(t => new ZipfSampler(t.Users, shape.ZipfExponent))];
            _seen = [.. shape.Tenants.Select(t => new bool[t.Users])];
            var total = (double)shape.Tenants.Sum(t => t.Users);
            var running = 0.0;
            _tenantCumulative = [.. shape.Tenants.Select(t => running += t.Users / total)];
            _spanTicks = (shape.To - shape.From).BclCompatibleTicks;
            _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        }

        public ReadOnlyMemory<byte>? Next()
        {
            if (_produced == _events)
            {
                return null;
            }

            _buffer.Clear();
            _writer.Reset(_buffer);
            if (_pending is { } pending)
            {
                _pending = null;
                WriteActivityOrState(pending.Tenant, pending.User, pending.Time);
            }
            else if (_produced > RecentBodies && _random.NextDouble() < _shape.RedeliveredShare)
            {
                _produced++;
                return _recent[_random.Next(RecentBodies)]!;
            }
            else
            {
                var tenant = Tenant(_random.NextDouble());
                var user = (int)((long)_users[tenant].Rank(_random.NextDouble()) * 7919 % _shape.Tenants[tenant].Users);
                var time = TimeOf(_produced);
                if (!_seen[tenant][user])
                {
                    // A user exists before it acts: its creation comes first, a minute earlier.
                    _seen[tenant][user] = true;
                    _pending = (tenant, user, time);
                    WriteEvent(tenant, user, Max(time - Duration.FromMinutes(1), _shape.From), "user.created", w => w.WriteString("accountType", "person"));
                }
                else if (_random.NextDouble() < _shape.MalformedShare)
                {
                    WriteMalformed(tenant, user, time);
                }
                else
                {
                    WriteActivityOrState(tenant, user, time);
                }
            }

            _writer.Flush();
            var body = _buffer.WrittenSpan.ToArray();
            _recent[_produced % RecentBodies] = body;
            _produced++;
            return body;
        }

        private int Tenant(double uniform)
        {
            for (var i = 0; i < _tenantCumulative.Length - 1; i++)
            {
                if (uniform < _tenantCumulative[i])
                {
                    return i;
                }
            }

            return _tenantCumulative.Length - 1;
        }

        private Instant TimeOf(long index)
        {
            // Evenly through the month in arrival order, jittered by up to ten minutes; stragglers arrive hours late.
            var ticks = (long)(_spanTicks * ((index + 0.5) / _events));
            ticks += (long)((_random.NextDouble() - 0.5) * 2 * Duration.FromMinutes(10).BclCompatibleTicks);
            if (_random.NextDouble() < _shape.StragglerShare)
            {
                ticks -= (long)(_random.NextDouble() * Duration.FromHours(48).BclCompatibleTicks);
            }

            var time = _shape.From + Duration.FromTicks(Math.Clamp(ticks, 0, _spanTicks - 1));
            return time;
        }

        private static Instant Max(Instant a, Instant b) => a > b ? a : b;

        private void WriteActivityOrState(int tenant, int user, Instant time)
        {
            var draw = _random.NextDouble();
            if (draw < 0.70)
            {
                var type = ActivityTypes[Pick(ActivityWeights, _random.NextDouble())];
                var deployment = _random.NextDouble();
                if (deployment < 0.05)
                {
                    WriteEvent(tenant, user, time, type, null);
                }
                else
                {
                    var page = $"/courses/{_random.Next(400)}/lessons/{_random.Next(30)}";
                    WriteEvent(tenant, user, time, type, w =>
                    {
                        w.WriteString("deployment", deployment < 0.10 ? "on-premises" : "cloud");
                        w.WriteString("page", page);
                    });
                }
            }
            else if (draw < 0.75)
            {
                var origin = Origins[_random.Next(Origins.Length)];
                var scheduled = _random.NextDouble() < 0.7;
                var space = _random.Next(3);
                WriteEvent(tenant, user, time, "meeting.hosted", w =>
                {
                    w.WriteString("origin", origin);
                    w.WriteBoolean("scheduled", scheduled);
                    if (space == 2)
                    {
                        w.WriteNull("space");
                    }
                    else
                    {
                        w.WriteString("space", space == 0 ? "group" : "one-on-one");
                    }
                });
            }
            else if (draw < 0.79)
            {
                var content = string.Create(CultureInfo.InvariantCulture, $"isbn-978{_random.Next(10_000):D7}");
                var action = _random.NextDouble() < 0.8 ? "launch" : "download";
                WriteEvent(tenant, user, time, "content.opened", w =>
                {
                    w.WriteString("contentId", content);
                    w.WriteString("action", action);
                });
            }
            else if (draw < 0.91)
            {
                var step = _random.Next(4);
                var type = step switch { 0 => "session.started", 3 => "session.ended", _ => "session.heartbeat" };
                var session = string.Create(CultureInfo.InvariantCulture, $"s-{user}-{time.InUtc().Day}-{time.InUtc().Hour}");
                WriteEvent(tenant, user, time, type, w => w.WriteString("sessionId", session));
            }
            else
            {
                WriteState(tenant, user, time);
            }
        }

        private void WriteState(int tenant, int user, Instant time)
        {
            var k = _random.Next(200);
            switch (_random.Next(8))
            {
                case 0: WriteEvent(tenant, user, time, "role.granted", w => w.WriteString("role", k % 10 == 0 ? "administrator" : "editor")); break;
                case 1: WriteEvent(tenant, user, time, "seat.assigned", null); break;
                case 2: WriteEvent(tenant, user, time, "credential.enabled", null); break;
                case 3:
                    WriteEvent(tenant, user, time, "user.updated", w =>
                    {
                        w.WriteStartArray("roles");
                        w.WriteStringValue("learner");
                        w.WriteEndArray();
                    });
                    break;
                case 4:
                    WriteEvent(tenant, user, time, "license.granted", w =>
                    {
                        w.WriteString("licenseId", string.Create(CultureInfo.InvariantCulture, $"lic-{user}-{k}"));
                        w.WriteString("contentId", string.Create(CultureInfo.InvariantCulture, $"isbn-978{k:D7}"));
                    });
                    break;
                case 5: WriteEvent(tenant, user, time, "enrollment.created", w => w.WriteString("courseId", string.Create(CultureInfo.InvariantCulture, $"course-{k}"))); break;
                case 6: WriteEvent(tenant, user, time, "user.suspended", null); break;
                default: WriteEvent(tenant, user, time, "user.unsuspended", null); break;
            }
        }

        private void WriteMalformed(int tenant, int user, Instant time)
        {
            if (_random.Next(2) == 0)
            {
                WriteEvent(tenant, user, time, "user.teleported", null);
                return;
            }

            // No subject: rejected as missing-attribute.
            var profile = _shape.Tenants[tenant];
            _writer.WriteStartObject();
            _writer.WriteString("specversion", "1.0");
            _writer.WriteString("id", NewId());
            _writer.WriteString("source", profile.Source);
            _writer.WriteString("type", "user.login");
            _writer.WriteString("time", TimeText.Format(time));
            _writer.WriteString("tenantid", profile.Id);
            _writer.WriteEndObject();
        }

        private void WriteEvent(int tenant, int user, Instant time, string type, Action<Utf8JsonWriter>? data)
        {
            var profile = _shape.Tenants[tenant];
            _writer.WriteStartObject();
            _writer.WriteString("specversion", "1.0");
            _writer.WriteString("id", NewId());
            _writer.WriteString("source", profile.Source);
            _writer.WriteString("type", type);
            _writer.WriteString("time", TimeText.Format(time));
            _writer.WriteString("tenantid", profile.Id);
            _writer.WriteString("subject", Subject(profile, user));
            _writer.WriteString("datacontenttype", "application/json");
            if (_random.Next(4) == 0)
            {
                _writer.WriteString("traceparent", string.Create(CultureInfo.InvariantCulture, $"00-{_random.NextInt64():x16}{_random.NextInt64():x16}-{_random.NextInt64():x16}-01"));
            }

            if (data is not null)
            {
                _writer.WriteStartObject("data");
                data(_writer);
                _writer.WriteEndObject();
            }

            _writer.WriteEndObject();
        }

        private static string Subject(TenantProfile tenant, int user) =>
            user % 97 == 0
                ? string.Format(CultureInfo.InvariantCulture, HostileForms[user / 97 % HostileForms.Length], user)
                : string.Create(CultureInfo.InvariantCulture, $"u{user:D5}@{tenant.Id}.example");

        private string NewId()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            var hex = Convert.ToHexStringLower(bytes);
            return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        }

        private static int Pick(double[] weights, double uniform)
        {
            for (var i = 0; i < weights.Length - 1; i++)
            {
                uniform -= weights[i];
                if (uniform < 0)
                {
                    return i;
                }
            }

            return weights.Length - 1;
        }
    }
}
