using System.Text.Json;

namespace Metering.Benchmarks.Reporting;

/// <summary>Each measurement writes its figures as one JSON file in the results folder; the report reads them all.</summary>
public static class ResultFiles
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="figures"/> as <c>{name}.json</c>.</summary>
    public static async Task WriteAsync<T>(string folder, string name, T figures, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        await using var file = File.Create(Path.Combine(folder, name + ".json"));
        await JsonSerializer.SerializeAsync(file, figures, Options, cancellationToken);
    }

    /// <summary>When <c>{name}.json</c> was written (UTC), or null when that measurement did not run.</summary>
    public static DateTime? WrittenAt(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".json");
        return File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
    }

    /// <summary>Reads <c>{name}.json</c>, or null when that measurement did not run.</summary>
    public static async Task<T?> ReadAsync<T>(string folder, string name, CancellationToken cancellationToken)
        where T : class
    {
        var path = Path.Combine(folder, name + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(file, Options, cancellationToken);
    }
}
