namespace Metering.Hosting;

/// <summary>Marker for the hosting assembly.</summary>
internal static class HostingAssembly;
