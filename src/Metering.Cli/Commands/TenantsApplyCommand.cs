using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Tenants;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;
using Metering.Cli.Output;
using Spectre.Console;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering tenants apply FILE</c>: validates the whole tenants file first (every problem listed, exit code 2,
/// nothing stored), then adds or replaces the listed tenants; tenants not in the file are left as they are.
/// </summary>
public static class TenantsApplyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var file = new Argument<FileInfo>("FILE") { Description = "JSON file: [{\"id\": \"acme\", \"zone\": \"Europe/Berlin\", \"sources\": [\"app://crm\"]}, ...]" };
        var command = new Command("apply", "Add or replace the tenants listed in FILE.") { file };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "tenants apply", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var path = parseResult.GetValue(file)!;
            IReadOnlyList<Domain.Tenants.Tenant> tenants = [];
            if (!path.Exists)
            {
                problems.Add($"{path.FullName}: no such file.");
            }
            else
            {
                var (parsed, fileProblems) = TenantsFile.Parse(await File.ReadAllTextAsync(path.FullName, cancellationToken));
                tenants = parsed;
                problems.AddRange(fileProblems.Select(p => $"{path.Name}: {p}"));
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            await services.GetRequiredService<ITenantRegistry>().ApplyAsync(tenants, cancellationToken);

            var console = Consoles.For(environment);
            var table = new Table().AddColumns("Tenant", "Zone", "Sources", "Senders");
            foreach (var tenant in tenants.OrderBy(t => t.Id))
            {
                table.AddRow(Markup.Escape(tenant.Id.Value), Markup.Escape(tenant.Zone.Id), Markup.Escape(string.Join(", ", tenant.Sources)), Markup.Escape(string.Join(", ", tenant.Senders)));
            }

            console.Write(table);
            console.WriteLine($"Stored {tenants.Count} tenant(s).");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
