using Azure.Core;

namespace Metering.Cli;

/// <summary>
/// What the CLI talks to besides storage: its output and error writers, environment variables, whether output is
/// a terminal (for progress bars). Tests run the CLI in-process with their own.
/// </summary>
/// <param name="Out">Standard output: results.</param>
/// <param name="Error">Standard error: problems.</param>
/// <param name="Variable">Reads an environment variable.</param>
/// <param name="IsTerminal">Whether output is an interactive terminal.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, bool IsTerminal)
{
    /// <summary>Adjusts the storage clients' options (tests add pipeline policies).</summary>
    public Action<ClientOptions>? ConfigureClients { get; init; }

    /// <summary>
    /// Opens standard output as bytes, for output that must leave byte for byte (<c>metering invoices show</c>); null
    /// when output is only <see cref="Out"/> (in-process runs), which then receives the same text.
    /// </summary>
    public Func<Stream>? OpenStandardOutput { get; init; }

    /// <summary>The process's console and environment.</summary>
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, !Console.IsOutputRedirected && !Console.IsErrorRedirected)
        {
            OpenStandardOutput = Console.OpenStandardOutput,
        };
}
