using System.Text;

namespace Metering.Cli.Output;

/// <summary>
/// Stored bytes written to standard output as they are (<c>invoices show</c>, <c>invoices evidence --json</c>): a process
/// writes them to its output stream; an in-process run (tests) gets the same text through its writer, decoded strictly
/// (invoices and evidence are always UTF-8).
/// </summary>
public static class StandardOutput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static Task WriteAsync(CliEnvironment environment, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        CopyAsync(environment, new MemoryStream(bytes.ToArray(), writable: false), cancellationToken);

    /// <summary>Writes the JSON document <paramref name="write"/> produces, then a line feed: a verb's <c>--json</c>.</summary>
    public static async Task WriteJsonAsync(CliEnvironment environment, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken);
        buffer.WriteByte((byte)'\n');
        await WriteAsync(environment, buffer.ToArray(), cancellationToken);
    }

    /// <summary>Writes everything <paramref name="content"/> holds, streamed.</summary>
    public static async Task CopyAsync(CliEnvironment environment, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(content);
        await environment.Out.FlushAsync(cancellationToken);
        if (environment.OpenStandardOutput is { } open)
        {
            await using var output = open();
            await content.CopyToAsync(output, cancellationToken);
            await output.FlushAsync(cancellationToken);
            return;
        }

        using var reader = new StreamReader(content, StrictUtf8);
        var buffer = new char[16384];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await environment.Out.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await environment.Out.FlushAsync(cancellationToken);
    }
}
