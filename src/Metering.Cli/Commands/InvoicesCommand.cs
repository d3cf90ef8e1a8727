using System.CommandLine;

namespace Metering.Cli.Commands;

/// <summary><c>metering invoices</c>: read the published invoices.</summary>
public static class InvoicesCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var command = new Command("invoices", "List and show the published invoice revisions.");
        command.Subcommands.Add(InvoicesListCommand.Create(global, environment));
        command.Subcommands.Add(InvoicesShowCommand.Create(global, environment));
        command.Subcommands.Add(InvoicesEvidenceCommand.Create(global, environment));
        return command;
    }
}
