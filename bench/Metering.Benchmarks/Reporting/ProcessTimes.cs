using System.Diagnostics;
using System.Globalization;

namespace Metering.Benchmarks.Reporting;

/// <summary>Processor time of this process and of the emulator it started (<c>/proc</c>), to show which side bounds a run.</summary>
public static class ProcessTimes
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of processor time this process has used.</summary>
    public static double Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Seconds of processor time used by this process's children named <paramref name="command"/> (e.g. <c>node</c>), 0 when none.</summary>
    public static double Children(string command)
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state(0) ppid(1) ... utime(11) stime(12).
                if (name == command && int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId)
                {
                    total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // A process that ended while listed, or not a process folder.
            }
        }

        return total;
    }
}
