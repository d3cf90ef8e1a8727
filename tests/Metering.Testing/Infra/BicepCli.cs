using System.Diagnostics;
using System.Reflection;

namespace Metering.Testing.Infra;

/// <summary>Runs the Bicep CLI that the NuGet package restored, offline (the infrastructure tests, and the Functions tests that read the app settings).</summary>
public static class BicepCli
{
    /// <summary>The repository's <c>infra</c> folder.</summary>
    public static string InfraDirectory => Metadata("InfraDirectory");

    /// <summary>Runs the CLI in <see cref="InfraDirectory"/> with <paramref name="arguments"/>.</summary>
    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Metadata("BicepPath"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = InfraDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI would otherwise try to reach the internet for telemetry and version checks.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The Bicep CLI did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(process.ExitCode, await output, await error);
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The build did not record {key}.");
}

/// <summary>What one run of the CLI printed.</summary>
public sealed record BicepRun(int ExitCode, string Output, string Error)
{
    /// <summary>Every diagnostic line (warnings and errors print as "file(line,col) : Level CODE: message").</summary>
    public IReadOnlyList<string> Diagnostics =>
        (Output + "\n" + Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToArray();
}
