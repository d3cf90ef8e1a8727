using System.CommandLine;

namespace Metering.Cli.Commands;

/// <summary><c>metering contracts</c>: the contract store's verbs.</summary>
public static class ContractsCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var command = new Command("contracts", "Store customer contracts: their tenants, term, versions, templates and commercial terms.");
        command.Subcommands.Add(ContractsApplyCommand.Create(global, environment));
        command.Subcommands.Add(ContractsSchemaCommand.Create(environment));
        return command;
    }
}
