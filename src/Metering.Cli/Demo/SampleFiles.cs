using Metering.Cli.Failures;
using Metering.Cli.Tenants;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Tenants;

namespace Metering.Cli.Demo;

/// <summary>
/// The demo's inputs: <c>samples/tenants.json</c> and every <c>samples/contracts/*.json</c>, validated as
/// <c>tenants apply</c> and <c>contracts apply</c> validate them (every problem listed, nothing applied).
/// </summary>
/// <param name="Tenants">The tenants.</param>
/// <param name="Contracts">The contracts, by file name.</param>
public sealed record SampleFiles(IReadOnlyList<Tenant> Tenants, IReadOnlyList<Contract> Contracts)
{
    /// <summary>
    /// The samples folder: <paramref name="given"/>, else a <c>samples</c> folder holding <c>tenants.json</c> above
    /// the current directory or the application's folder (a repository checkout).
    /// </summary>
    public static DirectoryInfo Find(string? given)
    {
        if (given is not null)
        {
            return new DirectoryInfo(given);
        }

        foreach (var root in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = new DirectoryInfo(Path.Combine(dir.FullName, "samples"));
                if (File.Exists(Path.Combine(candidate.FullName, "tenants.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidInputException("No samples folder (with tenants.json) above the current directory; give one with --samples.");
    }

    /// <summary>Reads and validates the samples; throws <see cref="InvalidInputException"/> listing every problem.</summary>
    public static async Task<SampleFiles> ReadAsync(DirectoryInfo folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        var tenantsPath = Path.Combine(folder.FullName, "tenants.json");
        if (!File.Exists(tenantsPath))
        {
            throw new InvalidInputException($"{tenantsPath}: no such file.");
        }

        var (tenants, tenantProblems) = TenantsFile.Parse(await File.ReadAllTextAsync(tenantsPath, cancellationToken));
        problems.AddRange(tenantProblems.Select(p => $"tenants.json: {p}"));
        var directory = new TenantDirectory(tenants);
        var contracts = new List<Contract>();
        var contractsFolder = Path.Combine(folder.FullName, "contracts");
        var files = Directory.Exists(contractsFolder) ? Directory.GetFiles(contractsFolder, "*.json").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            problems.Add($"{contractsFolder}: no contract files.");
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var read = ContractReader.Read(await File.ReadAllBytesAsync(file, cancellationToken));
            if (!read.IsValid)
            {
                problems.AddRange(read.Problems.Select(p => $"{name}: {p.Path}: {p.Message} ({p.Code})"));
                continue;
            }

            var tenancy = ContractTenancy.Resolve(read.Contract!, directory);
            problems.AddRange(tenancy.Problems.Select(p => $"{name}: {p.Path}: {p.Message}"));
            contracts.Add(read.Contract!);
        }

        return problems.Count > 0 ? throw new InvalidInputException(problems) : new SampleFiles(tenants, contracts);
    }
}
