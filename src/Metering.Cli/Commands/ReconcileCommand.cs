using System.CommandLine;
using System.Text;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering reconcile TENANT CONTRACT WINDOW --list FILE [--revision N] [--json]</c> (docs/explaining.md): a
/// published invoice revision's billed units beside the customer's own list, each difference with the rule's reason.
/// Exits <see cref="ExitCodes.Success"/> when they agree and <see cref="ExitCodes.ListsDiffer"/> when they do not.
/// </summary>
public static class ReconcileCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var arguments = new InvoiceRevisionArguments();
        var list = new Option<FileInfo>("--list")
        {
            Description = "The customer's list: a .csv file (a column named unit, subject, user, user-id, login, access-id, endpoint or id, else the first) or one id a line (UTF-8).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the reconciliation as JSON." };
        var command = new Command("reconcile", "Set an invoice's billed units beside the customer's list: matched, billed but not listed, listed but not billed, each with its reason.") { list, json };
        arguments.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "reconcile", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var wanted = arguments.Read(parseResult, problems);
            var file = parseResult.GetValue(list)!;
            (IReadOnlyList<string> Ids, int Repeated) ids = ([], 0);
            if (!file.Exists)
            {
                problems.Add($"--list: {file}: no such file.");
            }
            else
            {
                try
                {
                    using var reader = new StreamReader(file.FullName, StrictUtf8, detectEncodingFromByteOrderMarks: true);
                    ids = CustomerList.Read(reader, file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase));
                }
                catch (Exception e) when (e is DecoderFallbackException or CsvHelper.CsvFormatException or IOException or UnauthorizedAccessException)
                {
                    problems.Add($"--list: {file}: {e.Message}");
                }
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var explainer = ActivatorUtilities.CreateInstance<WindowExplainer>(services);
            var asOf = services.GetRequiredService<IClock>().GetCurrentInstant();
            var reconciliation = await Reconciliation.RunAsync(explainer, wanted, ids.Ids, ids.Repeated, asOf, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await StandardOutput.WriteJsonAsync(environment, (stream, token) => ExplanationReport.WriteReconciliationJsonAsync(stream, reconciliation, token), cancellationToken);
            }
            else
            {
                ExplanationReport.WriteReconciliation(Consoles.For(environment), reconciliation);
                await environment.Out.FlushAsync(cancellationToken);
            }

            return reconciliation.Agree ? ExitCodes.Success : ExitCodes.ListsDiffer;
        }, cancellationToken));
        return command;
    }
}
