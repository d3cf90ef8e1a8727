using Metering.Domain.Contracts;

namespace Metering.Domain.Ports;

/// <summary>Where validated contracts (every version and amendment) are kept.</summary>
public interface IContractStore
{
    /// <summary>Stores a contract, replacing any earlier document with the same id.</summary>
    Task ApplyAsync(Contract contract, CancellationToken cancellationToken);

    /// <summary>
    /// Every stored contract that still reads, ordered by id, and a problem for each one that no longer does (a
    /// document stored before a limit it breaks): one such contract must not stop the others from closing.
    /// </summary>
    Task<ContractListing> ListAsync(CancellationToken cancellationToken);

    /// <summary>One contract, or null when none has that id.</summary>
    Task<Contract?> GetAsync(ContractId id, CancellationToken cancellationToken);
}

/// <summary>The stored contracts (<see cref="IContractStore.ListAsync"/>).</summary>
/// <param name="Contracts">Those that read, ordered by id.</param>
/// <param name="Unreadable">One sentence per stored document that no longer reads, naming it and its problems.</param>
public sealed record ContractListing(IReadOnlyList<Contract> Contracts, IReadOnlyList<string> Unreadable);
