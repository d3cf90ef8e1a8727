using System.CommandLine;
using System.Text;
using Metering.Cli.Failures;
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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
            await WriteAsync(environment, stored.Json, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // The process writes the stored bytes to its standard output stream; an in-process run (tests) gets the same
    // text through its writer, decoded strictly (an invoice is always UTF-8).
    private static async Task WriteAsync(CliEnvironment environment, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (environment.OpenStandardOutput is { } open)
        {
            await environment.Out.FlushAsync(cancellationToken);
            await using var output = open();
            await output.WriteAsync(json, cancellationToken);
            await output.FlushAsync(cancellationToken);
            return;
        }

        await environment.Out.WriteAsync(StrictUtf8.GetString(json.Span).AsMemory(), cancellationToken);
        await environment.Out.FlushAsync(cancellationToken);
    }
}
