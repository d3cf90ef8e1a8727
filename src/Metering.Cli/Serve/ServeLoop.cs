using Microsoft.Extensions.Hosting;

namespace Metering.Cli.Serve;

/// <summary>
/// A background loop of <c>metering serve</c> with the shutdown both loops need, which
/// <see cref="BackgroundService"/> does not give: stopping ends the loop's waits at once (<c>stopping</c>), but
/// work in hand is finished and only cancelled (<c>abort</c>) when the host's shutdown timeout runs out.
/// </summary>
public abstract class ServeLoop : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        OnStarting();
        _loop = Task.Run(() => RunAsync(_stopping.Token, _abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await using var registration = cancellationToken.Register(() => _abort.Cancel());
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs before the loop starts, on the host's thread.</summary>
    protected virtual void OnStarting()
    {
    }

    /// <summary>The loop: waits end with <paramref name="stopping"/>; work in hand ends only with <paramref name="abort"/>.</summary>
    protected abstract Task RunAsync(CancellationToken stopping, CancellationToken abort);

    /// <summary>Releases the loop's resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
            _abort.Dispose();
        }
    }
}
