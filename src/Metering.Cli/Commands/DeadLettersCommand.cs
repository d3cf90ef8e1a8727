using System.CommandLine;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Cli.Reading;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Settings;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering deadletters list|show</c>: what ingest rejected, when, why, and the body as received (docs/cli.md), read
/// from the dead-letter blobs. Reads only.
/// </summary>
public static class DeadLettersCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var command = new Command("deadletters", "List and show the rejected events kept in the dead-letter blobs.");
        command.Subcommands.Add(List(global, environment));
        command.Subcommands.Add(Show(global, environment));
        return command;
    }

    private static Command List(GlobalOptions global, CliEnvironment environment)
    {
        var from = new Option<string?>("--from") { Description = "Batches received at or after this ISO-8601 instant (default: seven days before --to)." };
        var to = new Option<string?>("--to") { Description = "Batches received before this ISO-8601 instant (default: now, or --as-of)." };
        var tenant = new Option<string?>("--tenant") { Description = "Only events whose body names this tenantid." };
        var reason = new Option<string?>("--reason") { Description = "Only events rejected with this reason code (any of their reasons), e.g. conflicting-duplicate." };
        var json = new Option<bool>("--json") { Description = "Print the dead letters as JSON, bodies in base64 (and as text when UTF-8)." };
        var command = new Command("list", "List the rejected events of the batches received in [--from, --to), with their reasons.")
        {
            from, to, tenant, reason, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "deadletters list", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var start = GlobalOptions.ParseInstant(parseResult.GetValue(from), "--from", problems);
            var end = GlobalOptions.ParseInstant(parseResult.GetValue(to), "--to", problems);
            if (parseResult.GetValue(tenant) is { } tenantText && !TenantId.IsValid(tenantText))
            {
                problems.Add($"--tenant: '{tenantText}' is not a tenant id ([a-z0-9][a-z0-9-]{{0,62}}).");
            }

            if (parseResult.GetValue(reason) is { } code && !RejectionReason.All.Contains(code))
            {
                problems.Add($"--reason: '{code}' is not a reason code ({string.Join(", ", RejectionReason.All)}).");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var received = DeadLetterQuery.Range(start, end, services.GetRequiredService<IClock>().GetCurrentInstant(), "--from", "--to", problems)
                ?? throw new InvalidInputException(problems);
            var letters = DeadLetterQuery.ListAsync(services.GetRequiredService<IDeadLetterStore>(), received, parseResult.GetValue(tenant), parseResult.GetValue(reason), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await DeadLetterReport.WriteJsonAsync(environment.Out, letters);
            }
            else
            {
                await DeadLetterReport.WriteTableAsync(Consoles.For(environment), letters, received);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Show(GlobalOptions global, CliEnvironment environment)
    {
        var batch = new Argument<string>("BATCH") { Description = "The batch id (32 hex digits), as 'deadletters list' and the ingest logs name it." };
        var json = new Option<bool>("--json") { Description = "Print the batch's dead letters as JSON." };
        var command = new Command("show", "Print every rejected event of one batch: its origin, every reason and the body as received.") { batch, json };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "deadletters show", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var id = parseResult.GetValue(batch)!;
            if (!DeadLetterQuery.IsBatchId(id))
            {
                problems.Add($"BATCH: '{id}' is not a batch id (32 lowercase hex digits).");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var letters = await DeadLetterQuery.OfBatchAsync(services.GetRequiredService<IDeadLetterStore>(), new BatchId(id), cancellationToken);
            if (letters.Count == 0)
            {
                throw new InvalidInputException($"no dead letters of batch {id}: every event of it was accepted, or no such batch was received (see 'metering deadletters list').");
            }

            if (parseResult.GetValue(json))
            {
                await DeadLetterReport.WriteJsonAsync(environment.Out, letters);
            }
            else
            {
                DeadLetterReport.WriteBatch(environment.Out, letters);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
