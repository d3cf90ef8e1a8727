using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering invoices show TENANT CONTRACT WINDOW [--revision N]</c>: writes one revision's invoice JSON to standard
/// output byte for byte as stored (the newest revision unless <c>--revision</c> names one). A revision or window that
/// does not exist is the user's input: exit 2 with the revisions that do exist.
/// </summary>
public static class InvoicesShowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var arguments = new InvoiceRevisionArguments();
        var command = new Command("show", "Write one invoice revision's JSON to standard output, exactly as stored.");
        arguments.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "invoices show", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var wanted = arguments.Read(parseResult, problems);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var (_, stored) = await InvoiceRevisionArguments.ResolveAsync(services.GetRequiredService<IInvoiceStore>(), wanted, cancellationToken);
            await StandardOutput.WriteAsync(environment, stored.Json, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
