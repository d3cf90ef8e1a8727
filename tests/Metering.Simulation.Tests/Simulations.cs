using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Simulation.Tests;

/// <summary>Small simulations for the tests, and the registry that accepts their events.</summary>
internal static class Simulations
{
    public static readonly SimulatedTenant Paris = new("acme", "Europe/Paris", "app://acme/portal", 120, EventMix.All) { Endpoints = 30, LocalOffsets = true, KnowledgeWorkers = 300 };

    public static readonly SimulatedTenant Tokyo = new("sakura", "Asia/Tokyo", "urn:sakura:reader", 80, EventMix.Activity | EventMix.Content | EventMix.Lifecycle);

    /// <summary>March 2025: a daylight-saving change in Paris on the 30th.</summary>
    public static SimulationOptions March(ulong seed, Disorder? disorder = null) =>
        new(seed, new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31), [Paris, Tokyo]) { Disorder = disorder ?? Disorder.Realistic };

    public static TenantDirectory Registry(SimulationOptions options) =>
        new(options.Tenants.Select(t => new Tenant(TenantId.Parse(t.Id), DateTimeZoneProviders.Tzdb[t.Zone], ImmutableSortedSet.Create(StringComparer.Ordinal, t.Source))));

    public static async Task<(byte[] OnTime, byte[] Late, GenerationReport Report)> GenerateAsync(SimulationOptions options)
    {
        using var onTime = new MemoryStream();
        using var late = new MemoryStream();
        var report = await TelemetryGenerator.WriteAsync(options, onTime, late, null, CancellationToken.None);
        return (onTime.ToArray(), late.ToArray(), report);
    }

    public static List<RawEvent> Lines(byte[] ndjson)
    {
        var events = new List<RawEvent>();
        var start = 0;
        for (var i = 0; i < ndjson.Length; i++)
        {
            if (ndjson[i] == '\n')
            {
                events.Add(new RawEvent(ndjson.AsMemory(start, i - start), events.Count + 1));
                start = i + 1;
            }
        }

        return events;
    }
}
