using Metering.Domain.Contracts;

namespace Metering.Domain.Ports;

/// <summary>Where validated contracts (every version and amendment) are kept.</summary>
public interface IContractStore
{
    /// <summary>Stores a contract, replacing any earlier document with the same id.</summary>
    Task ApplyAsync(Contract contract, CancellationToken cancellationToken);

    /// <summary>Every stored contract, ordered by id.</summary>
    Task<IReadOnlyList<Contract>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One contract, or null when none has that id.</summary>
    Task<Contract?> GetAsync(ContractId id, CancellationToken cancellationToken);
}
