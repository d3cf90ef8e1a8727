using System.CommandLine;

namespace Metering.Cli.Commands;

/// <summary><c>metering tenants</c>: the tenant registry's verbs.</summary>
public static class TenantsCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var command = new Command("tenants", "Register tenants: their billing time zone and the sources allowed to write for them.");
        command.Subcommands.Add(TenantsApplyCommand.Create(global, environment));
        return command;
    }
}
