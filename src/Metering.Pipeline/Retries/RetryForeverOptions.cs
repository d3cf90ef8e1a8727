using NodaTime;

namespace Metering.Pipeline.Retries;

/// <summary>The backoff of <see cref="RetryForever"/>.</summary>
/// <param name="InitialDelay">The delay ceiling after the first failure; it doubles after each further failure.</param>
/// <param name="MaxDelay">The most any delay can be.</param>
public sealed record RetryForeverOptions(Duration InitialDelay, Duration MaxDelay)
{
    /// <summary>One second, doubling, at most five minutes.</summary>
    public static RetryForeverOptions Default { get; } = new(Duration.FromSeconds(1), Duration.FromMinutes(5));
}
