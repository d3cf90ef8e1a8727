namespace Metering.Cli.Serve;

/// <summary>
/// The request slots of <c>serve</c> (docs/operations.md, "Memory"): at most <see cref="ServeOptions.MaxConcurrentRequests"/>
/// requests read and hold a body at once, events and reconciliation lists alike, so the memory bodies take is bounded
/// by the slots times the largest body. A request that finds no slot within <see cref="ServeOptions.RequestSlotWait"/>
/// is answered <see cref="Busy"/> before any of its body is read.
/// </summary>
public sealed class RequestSlots(ServeOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentRequests, options.MaxConcurrentRequests);

    /// <summary>What a request refused for want of a slot is answered (503 with <c>Retry-After</c>).</summary>
    public RequestProblem Busy => RequestProblem.Busy(options.MaxConcurrentRequests, options.BusyRetryAfter);

    /// <summary>Takes a slot, waiting at most <see cref="ServeOptions.RequestSlotWait"/>; false when none came free.</summary>
    public Task<bool> EnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(options.RequestSlotWait, cancellationToken);

    /// <summary>Gives a slot taken by <see cref="EnterAsync"/> back.</summary>
    public void Release() => _slots.Release();

    /// <inheritdoc/>
    public void Dispose() => _slots.Dispose();
}
