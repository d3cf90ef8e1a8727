using NodaTime;

namespace Metering.Benchmarks.Generation;

/// <summary>
/// What the generated stream looks like: a seeded, repeatable month of telemetry from several tenants of unequal
/// size, each with users whose activity follows a Zipf-like law (a few very busy users, a long tail of occasional
/// ones). Events arrive roughly in time order, with jitter, some stragglers hours late, some redelivered copies and
/// a few malformed ones, as Event Hubs would deliver them.
/// </summary>
public sealed record StreamShape
{
    /// <summary>The shape every benchmark uses unless told otherwise.</summary>
    public static StreamShape Default { get; } = new();

    /// <summary>The random seed: the same seed and shape give the same bytes.</summary>
    public int Seed { get; init; } = 20250301;

    /// <summary>The tenants, their zones and sizes (about 13,000 users in all).</summary>
    public IReadOnlyList<TenantProfile> Tenants { get; init; } =
    [
        new("acme", "Europe/Berlin", "https://lms.acme.example/app", 6_000),
        new("globex", "America/New_York", "https://portal.globex.example", 3_000),
        new("initech", "UTC", "urn:initech:tps", 2_000),
        new("umbrella", "Asia/Tokyo", "/apps/umbrella-hr", 1_500),
        new("hooli", "Australia/Sydney", "https://hooli.example/chat", 500),
    ];

    /// <summary>The Zipf exponent of activity per user: near 1, the classic long tail.</summary>
    public double ZipfExponent { get; init; } = 1.05;

    /// <summary>The first instant of the month of activity (inclusive).</summary>
    public Instant From { get; init; } = Instant.FromUtc(2025, 3, 1, 0, 0);

    /// <summary>The end of the month of activity (exclusive).</summary>
    public Instant To { get; init; } = Instant.FromUtc(2025, 4, 1, 0, 0);

    /// <summary>The moment of ingest the benchmarks plan with: after every event, so none is in the future.</summary>
    public Instant IngestAt => To + Duration.FromHours(12);

    /// <summary>Share of events that repeat an earlier body byte for byte (redelivery).</summary>
    public double RedeliveredShare { get; init; } = 0.005;

    /// <summary>Share of events that arrive hours after their time (out of order).</summary>
    public double StragglerShare { get; init; } = 0.01;

    /// <summary>Share of events that are rejected (unknown type, missing subject).</summary>
    public double MalformedShare { get; init; } = 0.001;
}
