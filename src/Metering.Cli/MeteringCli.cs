using System.CommandLine;
using Metering.Cli.Commands;

namespace Metering.Cli;

/// <summary>
/// <c>metering</c>, the local host: the same handlers as the Functions app, run from the command line. Each verb is
/// one file under <c>Commands/</c>; later verbs (<c>contracts apply</c>, <c>close</c>, <c>invoices</c>, <c>serve</c>,
/// <c>demo</c>) are added in <see cref="Build"/>. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class MeteringCli
{
    /// <summary>How long a command may take to end after Ctrl+C or SIGTERM before the process exits anyway.</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromMinutes(5);

    /// <summary>The root command with every verb.</summary>
    public static RootCommand Build(CliEnvironment environment)
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            "Active-user metering: ingest CloudEvents telemetry into storage, close billing windows, write invoices.\n" +
            "Exit codes: 0 success (rejected events are dead-lettered, not a failure); 1 unexpected error; " +
            "2 invalid usage or input file (nothing stored); 3 storage unreachable or failing (run again: nothing is lost).");
        global.AddTo(root);
        root.Subcommands.Add(TenantsCommand.Create(global, environment));
        root.Subcommands.Add(IngestCommand.Create(global, environment));
        root.Subcommands.Add(ReplayCommand.Create(global, environment));
        root.Subcommands.Add(ContractsCommand.Create(global, environment));
        root.Subcommands.Add(CloseCommand.Create(global, environment));
        root.Subcommands.Add(InvoicesCommand.Create(global, environment));
        root.Subcommands.Add(StatementsCommand.Create(global, environment));
        root.Subcommands.Add(RateCommand.Create(global, environment));
        root.Subcommands.Add(ExplainCommand.Create(global, environment));
        root.Subcommands.Add(ReconcileCommand.Create(global, environment));
        root.Subcommands.Add(ReportCommand.Create(global, environment));
        root.Subcommands.Add(DeadLettersCommand.Create(global, environment));
        root.Subcommands.Add(ServeCommand.Create(global, environment));
        root.Subcommands.Add(DemoCommand.Create(global, environment));
        return root;
    }

    /// <summary>Runs the CLI on <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        // No response files: an argument starting with '@' is a subject, a path or a value as given (docs/cli.md: a UNIT
        // may hold any character), never the name of a file of arguments to read instead.
        var parseResult = Build(environment).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await environment.Error.WriteLineAsync($"error: {error.Message}");
            }

            await environment.Error.WriteLineAsync("Run 'metering --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,

            // Ctrl+C cancels the command; serve then needs time to finish in-flight requests and the current close.
            ProcessTerminationTimeout = TerminationGrace,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
