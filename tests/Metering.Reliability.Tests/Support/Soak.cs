namespace Metering.Reliability.Tests.Support;

/// <summary>
/// How hard the suite pushes. The default run fits CI on two cores; <c>METERING_SOAK=1</c> scales every count up
/// (schedules, kills, iterations, fuzz cases) for a long run on a spare machine (docs/reliability.md).
/// </summary>
internal static class Soak
{
    public const string Variable = "METERING_SOAK";

    public static bool On => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    /// <summary><paramref name="normal"/> in the default run, <paramref name="soak"/> in a soak run.</summary>
    public static int Count(int normal, int soak) => On ? soak : normal;
}
