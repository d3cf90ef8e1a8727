using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Metering.Benchmarks.Closing;
using Metering.Benchmarks.EndToEnd;
using Metering.Benchmarks.Generation;
using Metering.Benchmarks.Reporting;

namespace Metering.Benchmarks.Memory;

/// <summary>
/// Ingests a large generated file through the real <c>metering</c> CLI (a process of its own, against a local
/// Azurite) and reports its peak resident memory: ingest must stay bounded whatever the size of the input.
/// </summary>
public static class MemoryRun
{
    /// <summary>Runs the check and writes <c>memory.json</c>.</summary>
    public static async Task<MemoryFigures> RunAsync(string results, string cli, string streamPath, long events, CancellationToken cancellationToken)
    {
        var shape = StreamShape.Default;
        var bytes = await StreamFile.EnsureAsync(streamPath, shape, events, cancellationToken);

        // Azurite keeps everything in memory (KeyedAzurite gives Node room for the archive of two million bodies), and
        // with the key index its inserts do not slow down as the claims of two million events pile up.
        await using var azurite = await KeyedAzurite.StartAsync();

        var tenantsFile = Path.Combine(results, "work", "tenants.json");
        Directory.CreateDirectory(Path.GetDirectoryName(tenantsFile)!);
        await File.WriteAllTextAsync(tenantsFile, JsonSerializer.Serialize(shape.Tenants.Select(t => new { id = t.Id, zone = t.Zone, sources = new[] { t.Source } })), cancellationToken);
        string[] storage = ["--storage", azurite.Fixture.ConnectionString, "--prefix", "memory"];
        var (applied, _, _) = await RunAsync(cli, [.. storage, "tenants", "apply", tenantsFile], sample: false, cancellationToken);
        if (applied != 0)
        {
            throw new InvalidOperationException($"metering tenants apply exited with {applied}.");
        }

        var asOf = shape.IngestAt.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string[] ingest = [.. storage, "--as-of", asOf, "ingest", streamPath, "--json"];
        var clock = Stopwatch.StartNew();
        var (exit, output, peak) = await RunAsync(cli, ingest, sample: true, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        if (exit != 0)
        {
            throw new InvalidOperationException($"metering ingest exited with {exit}: {output}");
        }

        using var report = JsonDocument.Parse(output);
        var figures = new MemoryFigures(
            events,
            bytes,
            50_000,
            seconds,
            peak,
            ChildResources.MaxResidentBytes(),
            report.RootElement.GetProperty("accepted").GetInt64(),
            report.RootElement.GetProperty("received").GetInt64(),
            "metering --storage <azurite> --prefix memory --as-of " + asOf + " ingest " + Path.GetFileName(streamPath) + " --json");
        await ResultFiles.WriteAsync(results, "memory", figures, cancellationToken);
        return figures;
    }

    private static async Task<(int Exit, string Output, long PeakResident)> RunAsync(string cli, IReadOnlyList<string> arguments, bool sample, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start metering.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            if (sample)
            {
                peak = Math.Max(peak, HighWaterMark(process.Id));
            }

            await Task.Delay(20, cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, peak);
    }

    /// <summary>VmHWM of a running process, in bytes; 0 once it is gone.</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }

        return 0;
    }
}
