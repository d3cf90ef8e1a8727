using Metering.Benchmarks.EndToEnd;

namespace Metering.Benchmarks.Closing;

/// <summary>
/// Azurite with <c>bench/azurite/keyed-tables.js</c> loaded into its process (a key index for its in-memory tables;
/// the file says what it changes and why) and a heap large enough for a million units' entities.
/// </summary>
public static class KeyedAzurite
{
    private const string Preload = "bench/azurite/keyed-tables.js";

    /// <summary>Starts the emulator with the preload.</summary>
    public static async Task<AzuriteHost> StartAsync()
    {
        var host = new AzuriteHost(NodeOptions);
        await host.StartAsync();
        return host;
    }

    /// <summary>The options that load the key index and raise the heap limit.</summary>
    public static string NodeOptions => $"--require \"{Find()}\" --max-old-space-size=16384";

    /// <summary>The preload's full path, found from the working directory or the program's up.</summary>
    public static string Find()
    {
        foreach (var root in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, Preload);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{Preload} is not above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}.");
    }
}
