using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Tenants;
using Metering.Domain.Ports;
using Metering.Storage.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Metering.Cli.Output;
using Spectre.Console;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering tenants apply FILE</c>: validates the whole tenants file first (every problem listed, exit code 2,
/// nothing stored), then adds or replaces the listed tenants; tenants not in the file are left as they are. Each
/// tenant is reported created, replaced or unchanged, and a replacement that removes a sender or source or changes
/// the zone is also written as a warning on standard error (<see cref="TenantChange"/>).
/// </summary>
public static class TenantsApplyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var file = new Argument<FileInfo>("FILE") { Description = "JSON file: [{\"id\": \"acme\", \"zone\": \"Europe/Berlin\", \"sources\": [\"app://crm\"]}, ...]" };
        var json = new Option<bool>("--json") { Description = "Print what was stored, and what each replacement removed, as JSON." };
        var command = new Command("apply", "Add or replace the tenants listed in FILE.") { file, json };
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
                problems.AddRange(parsed.SelectMany(TableTenantRegistry.Problems).Select(p => $"{path.Name}: {p}"));
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var registry = services.GetRequiredService<ITenantRegistry>();
            var changes = TenantChange.Of(await registry.LoadAsync(cancellationToken), tenants);
            await registry.ApplyAsync(tenants, cancellationToken);

            foreach (var warning in changes.SelectMany(c => c.Warnings()))
            {
                await environment.Error.WriteLineAsync($"warning: {warning}");
            }

            if (parseResult.GetValue(json))
            {
                await TenantsReport.WriteJsonAsync(environment.Out, changes);
            }
            else
            {
                TenantsReport.WriteTable(Consoles.For(environment), changes);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
