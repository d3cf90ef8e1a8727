using System.CommandLine;
using Metering.Cli.Contracts;
using Metering.Cli.Failures;
using Metering.Cli.Output;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Cli.Commands;

/// <summary>
/// <c>metering contracts apply FILE...</c>: reads every contract document of every file (a file holds one document
/// or a JSON array of them), checks each with the contract reader and against the stored tenant registry (tenants
/// registered, one billing zone), and refuses two documents with the same id. Any problem: every problem is printed
/// with its file and field path, exit code 2, nothing stored. Otherwise every contract is stored, replacing the
/// document of the same id (an amendment); a contract equal to the stored one is left as it is, so applying the
/// same files again changes nothing. An amendment that would cut, move or drop a window already closed is refused
/// (<see cref="AmendmentCheck"/>).
/// </summary>
public static class ContractsApplyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(global);
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "Contract documents (docs/contracts.md): one JSON document per file, or a JSON array of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print what was stored as JSON." };
        var command = new Command("apply", "Validate every contract of FILE..., then store them all (or, on any problem, none).") { files, json };
        command.SetAction((parseResult, cancellationToken) => CommandFailures.RunAsync(environment, "contracts apply", async () =>
        {
            var problems = new List<string>();
            var settings = global.Settings(parseResult, environment, problems);
            var read = new List<(string File, ContractsFileEntry Entry)>();
            foreach (var file in parseResult.GetValue(files)!)
            {
                var name = file.ToString();
                if (!file.Exists)
                {
                    problems.Add($"{name}: no such file.");
                    continue;
                }

                var entries = ContractsFile.Read(await ReadAsync(file, cancellationToken));
                if (entries.Count == 0)
                {
                    problems.Add($"{name}: the array holds no contract.");
                }

                foreach (var entry in entries)
                {
                    read.Add((name, entry));
                    problems.AddRange(entry.Result.Problems.Select(p => Describe(name, entry, p)));
                }
            }

            var contracts = read.Where(r => r.Entry.Result.IsValid).Select(r => (r.File, r.Entry, Contract: r.Entry.Result.Contract!)).ToList();
            foreach (var duplicate in contracts.GroupBy(c => c.Contract.Id).Where(g => g.Count() > 1))
            {
                var places = string.Join(", ", duplicate.Select(d => $"{d.File} {d.Entry.PathOf("$")}"));
                problems.Add($"contract '{duplicate.Key}' is given more than once ({places}): which one should be stored?");
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            await using var services = GlobalOptions.Services(settings, environment);
            var directory = await services.GetRequiredService<ITenantRegistry>().LoadAsync(cancellationToken);
            var applied = new List<AppliedContract>();
            foreach (var (file, entry, contract) in contracts)
            {
                var tenancy = ContractTenancy.Resolve(contract, directory);
                problems.AddRange(tenancy.Problems.Select(p => Describe(file, entry, p)));
                if (tenancy.IsValid)
                {
                    applied.Add(new AppliedContract(contract, tenancy.Zone!.Id, AppliedContract.Created));
                }
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            var store = services.GetRequiredService<IContractStore>();
            var ledger = services.GetRequiredService<ICloseLedger>();
            var storedContracts = new Dictionary<ContractId, Contract?>();
            foreach (var (file, entry, contract) in contracts)
            {
                var stored = storedContracts[contract.Id] = await store.GetAsync(contract.Id, cancellationToken);
                if (stored is not null && ContractTenancy.Resolve(stored, directory) is { IsValid: true, Zone: { } zone })
                {
                    var records = (await ledger.ListAsync(contract.Id, cancellationToken)).Values;
                    problems.AddRange(AmendmentCheck.Problems(stored, contract, zone, records).Select(p => Describe(file, entry, p)));
                }
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems);
            }

            for (var i = 0; i < applied.Count; i++)
            {
                var contract = applied[i].Contract;
                var stored = storedContracts[contract.Id];
                if (stored is not null && ContractDigest.Of(stored) == ContractDigest.Of(contract))
                {
                    applied[i] = applied[i] with { Status = AppliedContract.Unchanged };
                    continue;
                }

                await store.ApplyAsync(contract, cancellationToken);
                applied[i] = applied[i] with { Status = stored is null ? AppliedContract.Created : AppliedContract.Amended };
            }

            if (parseResult.GetValue(json))
            {
                await ContractsReport.WriteJsonAsync(environment.Out, applied);
            }
            else
            {
                ContractsReport.WriteTable(Consoles.For(environment), applied);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Describe(string file, ContractsFileEntry entry, ContractProblem problem) =>
        $"{file}: {entry.PathOf(problem.Path)}: {problem.Message} ({problem.Code})";

    private static async Task<byte[]> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{file}: cannot be read: {e.Message}", e);
        }
    }
}
