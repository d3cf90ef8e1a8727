using NodaTime;

namespace Metering.Cli.Demo;

/// <summary>
/// The demo's clock: it stands still at the instant the demo says, so that ingest and close run "as of" a fixed
/// moment after the simulated months (the demo's output does not depend on the day it is run), and moves once
/// to deliver the late events a day later.
/// </summary>
public sealed class DemoClock(Instant now) : IClock
{
    private Instant _now = now;

    /// <summary>Moves the clock to <paramref name="instant"/>.</summary>
    public void Set(Instant instant) => _now = instant;

    /// <inheritdoc />
    public Instant GetCurrentInstant() => _now;
}
