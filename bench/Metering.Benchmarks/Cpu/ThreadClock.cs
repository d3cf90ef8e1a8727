using System.Runtime.InteropServices;

namespace Metering.Benchmarks.Cpu;

/// <summary>
/// The calling thread's processor time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), in nanoseconds: on a shared machine a
/// thread waits for a core a good part of the wall time, and this counts only the time it ran.
/// </summary>
public static partial class ThreadClock
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>Nanoseconds of processor time used by this thread so far.</summary>
    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The thread clock is read on Linux only.");
        }

        _ = ClockGetTime(ClockThreadCpuTime, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
