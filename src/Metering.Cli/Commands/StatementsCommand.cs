using System.CommandLine;

namespace Metering.Cli.Commands;

/// <summary><c>metering statements</c>: read the published interim statements of long windows (docs/invoices.md, "Statements").</summary>
public static class StatementsCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var command = new Command("statements", "List and show the interim statements of 90-day periods and months of long windows.");
        command.Subcommands.Add(StatementsListCommand.Create(global, environment));
        command.Subcommands.Add(StatementsShowCommand.Create(global, environment));
        return command;
    }
}
