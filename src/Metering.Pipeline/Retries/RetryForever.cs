using Microsoft.Extensions.Logging;
using NodaTime;

namespace Metering.Pipeline.Retries;

/// <summary>
/// Runs an operation until it succeeds: no attempt limit, exponential backoff with jitter capped at a maximum
/// delay, every failure logged. The Event Hubs trigger checkpoints even when the function throws (docs/reliability.md),
/// so the ingest function must not return before its batch is recorded: storage failures are waited out here.
/// Only cancellation ends it early. The Functions app's ingest passes none (the pinned extension checkpoints after a
/// cancelled invocation too); the command line's hosts pass theirs, and an interrupted input is ingested again whole.
/// </summary>
/// <remarks>
/// The delay after failure n is drawn uniformly from [c/2, c], c = min(max, initial x 2^(n-1)): the lower half
/// keeps the backoff growing, the random half keeps many instances that failed together from retrying together.
/// </remarks>
public sealed partial class RetryForever
{
    private readonly ILogger<RetryForever> _logger;
    private readonly RetryForeverOptions _options;
    private readonly Func<Duration, CancellationToken, Task> _delay;
    private readonly Random _random;

    /// <summary>Creates the policy.</summary>
    /// <param name="logger">Receives one warning per failure.</param>
    /// <param name="options">The backoff; <see cref="RetryForeverOptions.Default"/> when null.</param>
    /// <param name="delay">How to wait (tests pass a recording fake); a real timer when null.</param>
    /// <param name="random">The jitter source; shared when null.</param>
    public RetryForever(
        ILogger<RetryForever> logger,
        RetryForeverOptions? options = null,
        Func<Duration, CancellationToken, Task>? delay = null,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _options = options ?? RetryForeverOptions.Default;
        if (_options.InitialDelay <= Duration.Zero || _options.MaxDelay < _options.InitialDelay)
        {
            throw new ArgumentException("The initial delay must be positive and at most the maximum delay.", nameof(options));
        }

        _delay = delay ?? ((d, ct) => Task.Delay(d.ToTimeSpan(), ct));
        _random = random ?? Random.Shared;
    }

    /// <summary>Runs <paramref name="operation"/> until it returns; throws only when cancelled.</summary>
    /// <param name="operation">The operation, given the cancellation token.</param>
    /// <param name="description">What the operation is, for the log.</param>
    /// <param name="cancellationToken">Ends the retries.</param>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var failures = 1; ; failures++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await operation(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                var delay = DelayAfter(failures);
                LogFailure(_logger, e, description, failures, delay.ToTimeSpan());
                await _delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/> until it completes; throws only when cancelled.</summary>
    public Task RunAsync(Func<CancellationToken, Task> operation, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync<bool>(
            async ct =>
            {
                await operation(ct);
                return true;
            },
            description,
            cancellationToken);
    }

    /// <summary>The ceiling of the delay after failure <paramref name="failures"/> (1-based): min(max, initial x 2^(n-1)).</summary>
    public Duration Ceiling(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var ceiling = _options.InitialDelay;
        for (var i = 1; i < failures && ceiling < _options.MaxDelay; i++)
        {
            ceiling += ceiling;
        }

        return ceiling < _options.MaxDelay ? ceiling : _options.MaxDelay;
    }

    private Duration DelayAfter(int failures)
    {
        var ceiling = Ceiling(failures);
        var half = ceiling / 2;
        return half + (half * _random.NextDouble());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} failed (attempt {Attempt}); retrying in {Delay}.")]
    private static partial void LogFailure(ILogger logger, Exception exception, string operation, int attempt, TimeSpan delay);
}
