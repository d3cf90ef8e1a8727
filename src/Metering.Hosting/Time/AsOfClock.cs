using NodaTime;

namespace Metering.Hosting.Time;

/// <summary>
/// A clock stopped at one instant: the CLI's <c>--as-of</c>, which runs the pipeline as if it were that moment
/// (the future-time check of ingest and the received-at stamps of archives and touches).
/// </summary>
/// <param name="now">The instant the clock always reads.</param>
public sealed class AsOfClock(Instant now) : IClock
{
    /// <inheritdoc />
    public Instant GetCurrentInstant() => now;
}
