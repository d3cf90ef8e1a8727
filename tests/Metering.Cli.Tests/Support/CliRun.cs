using Azure.Core;

namespace Metering.Cli.Tests.Support;

/// <summary>One in-process run of <c>metering</c>: its exit code and what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(string[] args, Action<ClientOptions>? configureClients = null, IReadOnlyDictionary<string, string>? variables = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, name => variables?.GetValueOrDefault(name), IsTerminal: false)
        {
            ConfigureClients = configureClients,
        };
        var code = await MeteringCli.RunAsync(args, environment, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nout:\n{Out}\nerr:\n{Error}";
}
