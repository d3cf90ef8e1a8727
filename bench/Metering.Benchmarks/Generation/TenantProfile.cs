namespace Metering.Benchmarks.Generation;

/// <summary>One tenant of the generated stream: its id, billing zone, the app that writes for it and how many users it has.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Zone">An IANA time zone id.</param>
/// <param name="Source">The registered source of its events.</param>
/// <param name="Users">How many distinct users may appear.</param>
public sealed record TenantProfile(string Id, string Zone, string Source, int Users);
