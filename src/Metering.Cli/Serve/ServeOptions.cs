using Metering.Hosting.Scheduling;
using Metering.Hosting.Telemetry;

namespace Metering.Cli.Serve;

/// <summary>
/// How <c>metering serve</c> runs: where it listens (loopback only), the request size limit, the close schedule and
/// the pace of its background loops. The storage account and names are the shared <c>MeteringSettings</c>.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>The address served when none is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The largest request body accepted by default: 16 MiB.</summary>
    public const long DefaultMaxRequestBytes = 16L << 20;

    /// <summary>How many request bodies are read and held in memory at once by default.</summary>
    public const int DefaultMaxConcurrentRequests = 4;

    /// <summary>The longest shutdown the CLI allows (it must fit in the CLI's termination grace).</summary>
    public static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Loopback URLs to listen on (<c>http://127.0.0.1:0</c> picks a free port).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Request bodies above this many bytes are refused with 413.</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>
    /// At most this many requests to <c>POST /events</c> read and hold their bodies at once; each may hold up to
    /// <see cref="MaxRequestBytes"/>, so this bounds the memory request bodies take.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = DefaultMaxConcurrentRequests;

    /// <summary>How long a request waits for one of the <see cref="MaxConcurrentRequests"/> slots before it is answered 503.</summary>
    public TimeSpan RequestSlotWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What a client refused for want of a slot is told to wait before resending.</summary>
    public TimeSpan BusyRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When the close's schedule step runs.</summary>
    public CloseSchedule Schedule { get; init; } = CloseSchedule.Default;

    /// <summary>How long a shutdown waits for in-flight requests and the current close.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest the schedule loop sleeps before reading the clock again: it sleeps until the next occurrence
    /// but never longer than this, so that an injected clock that jumps is noticed.
    /// </summary>
    public TimeSpan ClockPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the queue worker looks for close requests when nothing woke it (the Functions queue trigger polls at most every 5 s by this project's host.json).</summary>
    public TimeSpan QueuePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What a client is told to wait before resending after a storage failure.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether logs go to the console (standard error).</summary>
    public bool ConsoleLogs { get; init; } = true;

    /// <summary>Where metrics and traces are exported; nowhere when null.</summary>
    public TelemetryExport? Telemetry { get; init; }
}
