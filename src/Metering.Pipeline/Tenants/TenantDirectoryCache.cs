using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Pipeline.Tenants;

/// <summary>
/// The tenant directory as ingest sees it: loaded from the registry, then reused for <see cref="TimeToLive"/>
/// (measured with the injected clock) so that a batch does not cost a registry read. A tenant or source registered
/// is therefore seen by ingest at most one time-to-live later; until then its events are dead-lettered, never lost.
/// </summary>
public sealed class TenantDirectoryCache : IDisposable
{
    /// <summary>The default time to live: one minute.</summary>
    public static readonly Duration DefaultTimeToLive = Duration.FromMinutes(1);

    private readonly ITenantRegistry _registry;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _current;

    /// <summary>Creates the cache over <paramref name="registry"/>.</summary>
    public TenantDirectoryCache(ITenantRegistry registry, IClock clock, Duration? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(clock);
        _registry = registry;
        _clock = clock;
        TimeToLive = timeToLive ?? DefaultTimeToLive;
        if (TimeToLive < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), "The time to live cannot be negative.");
        }
    }

    /// <summary>How long a loaded directory is reused.</summary>
    public Duration TimeToLive { get; }

    /// <summary>The directory: the cached one while fresh, else loaded again (a failure to load throws).</summary>
    public async Task<TenantDirectory> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var loadedAt = _clock.GetCurrentInstant();
            var directory = await _registry.LoadAsync(cancellationToken);
            _current = new Loaded(directory, loadedAt);
            return directory;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the cached directory: the next <see cref="GetAsync"/> loads it.</summary>
    public void Invalidate() => _current = null;

    /// <inheritdoc />
    public void Dispose() => _loading.Dispose();

    private TenantDirectory? Fresh() =>
        _current is { } current && _clock.GetCurrentInstant() < current.LoadedAt + TimeToLive ? current.Directory : null;

    // A reference, so that readers on other threads see a whole pair or none.
    private sealed record Loaded(TenantDirectory Directory, Instant LoadedAt);
}
