using System.Globalization;
using System.Runtime.InteropServices;

namespace Metering.Benchmarks.Reporting;

/// <summary>What the measurements ran on, read from the system.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Cpu">The processor model.</param>
/// <param name="MemoryBytes">Physical memory.</param>
/// <param name="OperatingSystem">Distribution and kernel.</param>
/// <param name="Runtime">The .NET runtime.</param>
public sealed record MachineInfo(int Cores, string Cpu, long MemoryBytes, string OperatingSystem, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        (long.TryParse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0], CultureInfo.InvariantCulture, out var kib) ? kib : 0) * 1024,
        $"{(FirstValue("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"')} (kernel {Environment.OSVersion.Version})",
        $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");

    private static string? FirstValue(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == key)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
