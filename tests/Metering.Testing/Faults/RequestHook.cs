using Azure.Core;
using Azure.Core.Pipeline;

namespace Metering.Testing.Faults;

/// <summary>
/// An interleaving on demand, as an Azure SDK pipeline policy: before the first request matching a predicate leaves,
/// runs an action to completion (another instance's work, say), then lets the request go on. It lets a test put
/// another closer's whole close between two steps of this one, deterministically. Asynchronous requests only: the
/// clients under test are called through their <c>...Async</c> methods.
/// </summary>
public sealed class RequestHook(Func<HttpMessage, bool> predicate, Func<Task> action) : HttpPipelinePolicy
{
    private int _fired;

    /// <summary>Whether the action has run.</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("RequestHook holds asynchronous requests only.");

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (predicate(message) && Interlocked.CompareExchange(ref _fired, 1, 0) == 0)
        {
            await action();
        }

        await ProcessNextAsync(message, pipeline);
    }
}
