using CsCheck;

namespace Metering.Reliability.Tests.Support;

/// <summary>
/// Cases of a CsCheck generator drawn from a fixed seed, one after the other: the same seed gives the same cases on
/// every run, so the figures a test prints repeat on a rerun (CsCheck's own sampling seeds itself afresh each run). A
/// whole-scenario case takes seconds, so shrinking is not worth it; a failure names its case and the PCG state that
/// regenerates it (<see cref="PCG.Parse"/>).
/// </summary>
internal static class SeededSamples
{
    public static async Task CheckAsync<T>(Gen<T> gen, ulong seed, int count, Func<T, Task> assert, Func<T, string> describe)
    {
        var pcg = new PCG(1, seed);
        for (var i = 1; i <= count; i++)
        {
            var state = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                await assert(value);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"Case {i} of {count} (PCG {state}) failed: {describe(value)}\n{e.Message}", e);
            }
        }
    }
}
