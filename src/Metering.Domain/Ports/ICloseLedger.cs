using Metering.Domain.Closing;
using Metering.Domain.Contracts;

namespace Metering.Domain.Ports;

/// <summary>
/// The scheduler's memory of what it closed: per contract window, the revision and what the close saw. The
/// invoice blobs are the truth; the ledger only tells the scheduler which windows need another look.
/// </summary>
public interface ICloseLedger
{
    /// <summary>Every record of one contract, by window id.</summary>
    Task<IReadOnlyDictionary<string, CloseRecord>> ListAsync(ContractId contract, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the record of one window.</summary>
    Task SaveAsync(CloseRecord record, CancellationToken cancellationToken);
}
