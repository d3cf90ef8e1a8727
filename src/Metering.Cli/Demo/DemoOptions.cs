namespace Metering.Cli.Demo;

/// <summary>How <c>metering demo</c> runs.</summary>
/// <param name="Samples">The samples folder (tenants and contracts).</param>
/// <param name="Output">Where the telemetry and the invoices are written (<c>./out</c>).</param>
/// <param name="Seed">The simulation's seed.</param>
/// <param name="Scale">Users per tenant relative to the default (1).</param>
public sealed record DemoOptions(DirectoryInfo Samples, DirectoryInfo Output, ulong Seed, double Scale);
