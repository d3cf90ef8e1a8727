using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Metering.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering explain TENANT CONTRACT WINDOW UNIT [--revision N] [--json]</c> (docs/explaining.md): whether a unit is
/// billed in a window, and why, in words a billing person reads: the qualifying activity or the state that made it
/// count, or the rule that excluded it, from the close's own rule code over the stored activity, with the events
/// naming it that were dead-lettered. Writes nothing.
/// </summary>
public static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var arguments = new InvoiceRevisionArguments();
        var unit = new Argument<string>("UNIT") { Description = "The unit asked about, exactly as sent: a subject, an alias, an access-ID code, an endpoint." };
        var json = new Option<bool>("--json") { Description = "Print the explanation as JSON." };
        var command = new Command("explain", "Say whether a unit is billed in a window, and why, from the rule code that counted the invoice.") { json };
        arguments.AddTo(command);
        command.Arguments.Add(unit);
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "explain", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var wanted = arguments.Read(parseResult, problems);
            var unitText = parseResult.GetValue(unit)!;
            if (unitText.Length == 0)
            {
                problems.Add("UNIT: a unit is not empty.");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var explainer = ActivatorUtilities.CreateInstance<WindowExplainer>(services);
            var asOf = services.GetRequiredService<IClock>().GetCurrentInstant();
            var explanation = await explainer.ExplainAsync(wanted, [new Subject(unitText)], asOf, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await StandardOutput.WriteJsonAsync(environment, (stream, token) => ExplanationReport.WriteUnitJsonAsync(stream, explanation, token), cancellationToken);
            }
            else
            {
                ExplanationReport.WriteUnit(environment.Out, explanation);
                await environment.Out.FlushAsync(cancellationToken);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
