namespace Metering.Simulation;

/// <summary>One simulated customer of the vendor: its zone, the source it writes from, its size and what its apps send.</summary>
/// <param name="Id">The tenant id (<c>tenantid</c>).</param>
/// <param name="Zone">Its billing zone, an IANA id: working hours are local to it.</param>
/// <param name="Source">The registered source the events come from.</param>
/// <param name="Users">Users provisioned on the first day; hires and departures change the number.</param>
/// <param name="Mix">What its apps send.</param>
public sealed record SimulatedTenant(string Id, string Zone, string Source, int Users, EventMix Mix)
{
    /// <summary>Mean activity events of a user on an active day, before the user's engagement scales it.</summary>
    public double EventsPerActiveDay { get; init; } = 4;

    /// <summary>Endpoints protected by an agent (with <see cref="EventMix.Endpoints"/>).</summary>
    public int Endpoints { get; init; }

    /// <summary>Whether event times carry the zone's offset (<c>+01:00</c>) rather than <c>Z</c>.</summary>
    public bool LocalOffsets { get; init; }

    /// <summary>Knowledge workers reported in headcounts (with <see cref="EventMix.Headcount"/>).</summary>
    public int KnowledgeWorkers { get; init; }
}
