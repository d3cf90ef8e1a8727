using System.Globalization;

namespace Metering.Benchmarks.Reporting;

/// <summary>The one-minute load average (<c>/proc/loadavg</c>): how busy the shared machine was around a measurement.</summary>
public static class LoadAverage
{
    /// <summary>The one-minute load average, or -1 where the system does not publish it.</summary>
    public static double OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
