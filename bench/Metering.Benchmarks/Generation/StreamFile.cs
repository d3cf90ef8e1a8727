using System.Globalization;

namespace Metering.Benchmarks.Generation;

/// <summary>Generated NDJSON files on disk, made once and reused while their size matches.</summary>
public static class StreamFile
{
    /// <summary>
    /// Makes sure <paramref name="path"/> holds the <paramref name="events"/>-event stream of <paramref name="shape"/>
    /// (the generator is deterministic, so a file with the same line count is the same file); returns its size.
    /// </summary>
    public static async Task<long> EnsureAsync(string path, StreamShape shape, long events, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && await CountLinesAsync(path, cancellationToken) == events)
        {
            return new FileInfo(path).Length;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {events:N0} events into {path}..."));
        return await new EventStream(shape, events).WriteNdjsonAsync(path, cancellationToken);
    }

    /// <summary>A file of the first <paramref name="events"/> lines of <paramref name="path"/>, beside it.</summary>
    public static async Task<string> PrefixAsync(string path, long events, CancellationToken cancellationToken)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{path}.first-{events}");
        using var reader = new StreamReader(path);
        await using var writer = new StreamWriter(prefix) { NewLine = "\n" };
        for (long i = 0; i < events && await reader.ReadLineAsync(cancellationToken) is { } line; i++)
        {
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        return prefix;
    }

    private static async Task<long> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }
}
