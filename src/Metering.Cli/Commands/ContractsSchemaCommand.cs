using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Domain.Formats;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering contracts schema</c>: prints the JSON Schema of a contract document (<see cref="ContractJsonSchema"/>),
/// with a branch for each template this build knows, for editors and for checks before <c>contracts apply</c>.
/// Needs no storage.
/// </summary>
public static class ContractsSchemaCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var output = new Option<FileInfo?>("--out") { Description = "Write the schema to this file instead of standard output." };
        var command = new Command("schema", "Print the JSON Schema (draft-07) of a contract document, every template included.") { output };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "contracts schema", async () =>
        {
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, ContractJsonSchema.Text, cancellationToken);
            }
            else
            {
                await environment.Out.WriteAsync(ContractJsonSchema.Text.AsMemory(), cancellationToken);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
