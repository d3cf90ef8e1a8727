using System.Runtime.InteropServices;

namespace Metering.Benchmarks.Memory;

/// <summary>
/// The largest resident set of any child process this process has waited for (<c>getrusage(RUSAGE_CHILDREN)</c>):
/// exact, unlike sampling, since the kernel keeps the high-water mark of every process until it is reaped.
/// </summary>
public static class ChildResources
{
    private const int RusageChildren = -1;

    /// <summary>Bytes; the kernel reports kibibytes.</summary>
    public static long MaxResidentBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        return GetResourceUsage(RusageChildren, out var usage) == 0 ? usage.MaxResidentKilobytes * 1024 : -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResidentKilobytes;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlocksIn;
        public long BlocksOut;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);
}
