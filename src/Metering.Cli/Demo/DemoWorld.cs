using Metering.Simulation;
using NodaTime;

namespace Metering.Cli.Demo;

/// <summary>
/// What the demo simulates: the tenants of <c>samples/tenants.json</c> with the telemetry their sample contracts
/// count, over the first quarter of 2025, closed as of 4 April 2025 (every March window is past its grace in every
/// zone), then a day later with the late events.
/// </summary>
public static class DemoWorld
{
    /// <summary>The first simulated day.</summary>
    public static readonly LocalDate First = new(2025, 1, 1);

    /// <summary>The last simulated day.</summary>
    public static readonly LocalDate Last = new(2025, 3, 31);

    /// <summary>When the on-time telemetry is ingested and the first close runs.</summary>
    public static readonly Instant AsOf = Instant.FromUtc(2025, 4, 4, 0, 0);

    /// <summary>When the late events arrive and the close runs again.</summary>
    public static readonly Instant LateAsOf = Instant.FromUtc(2025, 4, 5, 0, 0);

    /// <summary>The default seed: the demo is the same on every machine.</summary>
    public const ulong DefaultSeed = 20250404;

    /// <summary>The simulation, users scaled by <paramref name="scale"/> (1 = about 180,000 events).</summary>
    public static SimulationOptions Options(ulong seed, double scale)
    {
        int Users(int n) => Math.Max(3, (int)Math.Round(n * scale));
        SimulatedTenant[] tenants =
        [
            new("acme", "Europe/Paris", "https://lms.acme.example/app", Users(300), EventMix.Activity | EventMix.Lifecycle | EventMix.Enrolments | EventMix.Credentials)
            {
                LocalOffsets = true,
            },
            new("northwind", "America/New_York", "app://northwind/meetings", Users(220), EventMix.Activity | EventMix.Meetings | EventMix.Lifecycle | EventMix.Headcount)
            {
                EventsPerActiveDay = 2, LocalOffsets = true, KnowledgeWorkers = 320,
            },
            new("northwind-labs", "America/New_York", "app://northwind-labs/meetings", Users(70), EventMix.Activity | EventMix.Meetings | EventMix.Lifecycle | EventMix.Headcount)
            {
                EventsPerActiveDay = 2, KnowledgeWorkers = 90,
            },
            new("sakura", "Asia/Tokyo", "urn:sakura:reader", Users(180), EventMix.Activity | EventMix.Content | EventMix.AccessIds | EventMix.Lifecycle)
            {
                EventsPerActiveDay = 2,
            },
            new("contoso", "UTC", "/apps/contoso-suite", Users(260), EventMix.Activity | EventMix.Lifecycle | EventMix.Seats | EventMix.Credentials | EventMix.Sessions | EventMix.Endpoints)
            {
                EventsPerActiveDay = 2, Endpoints = Users(120),
            },
        ];
        return new SimulationOptions(seed, First, Last, [.. tenants]);
    }
}
