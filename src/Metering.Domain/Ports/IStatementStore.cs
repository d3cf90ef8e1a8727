using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Tenants;

namespace Metering.Domain.Ports;

/// <summary>
/// Where statement revisions and their evidence are published, beside their window's invoices (docs/storage.md). Like
/// an invoice revision, a statement revision is created once and never overwritten.
/// </summary>
public interface IStatementStore
{
    /// <summary>The revisions of one period's statement, oldest first.</summary>
    Task<IReadOnlyList<StatementRevision>> ListStatementRevisionsAsync(TenantId tenant, ContractId contract, string windowId, string periodId, CancellationToken cancellationToken);

    /// <summary>Every statement revision, optionally of one tenant and/or contract, ordered by tenant, contract, window, period, revision.</summary>
    IAsyncEnumerable<StatementRevision> ListStatementsAsync(TenantId? tenant, ContractId? contract, CancellationToken cancellationToken);

    /// <summary>The JSON of one revision and the late-event baseline recorded with it, or null when it does not exist.</summary>
    Task<StoredStatement?> ReadStatementAsync(StatementRevision revision, CancellationToken cancellationToken);

    /// <summary>Creates a revision with its late-event baseline; false, writing nothing, when that revision already exists.</summary>
    Task<bool> TryCreateStatementAsync(StatementRevision revision, ReadOnlyMemory<byte> json, TouchBaseline baseline, CancellationToken cancellationToken);
}

/// <summary>A published statement revision as read back.</summary>
/// <param name="Revision">Its address.</param>
/// <param name="Json">The statement JSON, byte for byte.</param>
/// <param name="Baseline">The touches the close had seen when it wrote this revision.</param>
public sealed record StoredStatement(StatementRevision Revision, ReadOnlyMemory<byte> Json, TouchBaseline Baseline);
