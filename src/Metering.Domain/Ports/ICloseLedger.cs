using Metering.Domain.Closing;
using Metering.Domain.Contracts;

namespace Metering.Domain.Ports;

/// <summary>
/// The scheduler's memory of what it closed: per contract window, the revision and what the close saw. The
/// invoice blobs are the truth; the ledger only tells the scheduler which windows need another look.
/// </summary>
public interface ICloseLedger
{
    /// <summary>Every record of one contract, by <see cref="CloseRecord.Key"/> (window id, or window and period for a statement).</summary>
    Task<IReadOnlyDictionary<string, CloseRecord>> ListAsync(ContractId contract, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces the record of one window, unless the stored one is newer: of a later revision, or of the same
    /// revision and contract digest with more touch records seen. A record never goes back to an older baseline.
    /// </summary>
    Task SaveAsync(CloseRecord record, CancellationToken cancellationToken);
}
