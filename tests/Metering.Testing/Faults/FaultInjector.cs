using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Testing.Faults;

/// <summary>
/// A storage fault on demand, as an Azure SDK pipeline policy: fails the Nth request, or the requests matching a
/// predicate, with a 503 (<see cref="RequestFailedException"/>) or a thrown <see cref="IOException"/>, either
/// before the request leaves or after the server has processed it (the response is lost). Add it at
/// <see cref="HttpPipelinePosition.PerCall"/>, above the SDK's own retries, so that the fault reaches the caller.
/// </summary>
public sealed class FaultInjector : HttpPipelinePolicy
{
    private readonly Func<HttpMessage, int, bool> _shouldFail;
    private readonly FaultKind _kind;
    private readonly bool _afterServer;
    private readonly int _maxFaults;
    private int _requests;
    private int _faults;

    private FaultInjector(Func<HttpMessage, int, bool> shouldFail, FaultKind kind, bool afterServer, int maxFaults)
    {
        _shouldFail = shouldFail;
        _kind = kind;
        _afterServer = afterServer;
        _maxFaults = maxFaults;
    }

    /// <summary>Whether faults are injected; off, every request passes through.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests seen while enabled.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Faults injected so far.</summary>
    public int Faults => Volatile.Read(ref _faults);

    /// <summary>Fails the <paramref name="n"/>th request (1-based) seen while enabled, once.</summary>
    public static FaultInjector FailNth(int n, FaultKind kind, bool afterServer = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new FaultInjector((_, ordinal) => ordinal == n, kind, afterServer, 1);
    }

    /// <summary>Fails requests matching <paramref name="predicate"/>, at most <paramref name="maxFaults"/> times.</summary>
    public static FaultInjector FailWhen(Func<HttpMessage, bool> predicate, FaultKind kind, bool afterServer = false, int maxFaults = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new FaultInjector((message, _) => predicate(message), kind, afterServer, maxFaults);
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fail = Decide(message);
        if (fail && !_afterServer)
        {
            throw Fault();
        }

        ProcessNext(message, pipeline);
        if (fail)
        {
            throw Fault();
        }
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fail = Decide(message);
        if (fail && !_afterServer)
        {
            throw Fault();
        }

        await ProcessNextAsync(message, pipeline);
        if (fail)
        {
            throw Fault();
        }
    }

    private bool Decide(HttpMessage message)
    {
        if (!Enabled)
        {
            return false;
        }

        var ordinal = Interlocked.Increment(ref _requests);
        lock (_shouldFail)
        {
            if (_faults >= _maxFaults || !_shouldFail(message, ordinal))
            {
                return false;
            }

            _faults++;
            return true;
        }
    }

    private Exception Fault() => _kind switch
    {
        FaultKind.ServiceUnavailable => new RequestFailedException(503, "Injected fault: 503 Service Unavailable."),
        FaultKind.IOException => new IOException("Injected fault: the connection was reset."),
        _ => throw new InvalidOperationException(),
    };
}
