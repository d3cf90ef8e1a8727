using Azure.Data.Tables;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using NodaTime.Text;

namespace Metering.Storage.Closing;

/// <summary>
/// The close ledger in the <c>closes</c> table: <c>PartitionKey</c> = contract id, <c>RowKey</c> = window id;
/// <c>Revision</c>, <c>Fingerprint</c>, <c>TouchRecords</c>, <c>ContractDigest</c>, <c>CheckedAt</c>.
/// </summary>
public sealed class TableCloseLedger(StorageAccount account) : ICloseLedger
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, CloseRecord>> ListAsync(ContractId contract, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(account.Names.Closes, cancellationToken).ConfigureAwait(false);
        var records = new Dictionary<string, CloseRecord>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contract.Value}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records[entity.RowKey] = new CloseRecord(
                contract,
                entity.RowKey,
                entity.GetInt32("Revision") ?? 0,
                entity.GetString("Fingerprint") ?? string.Empty,
                entity.GetInt64("TouchRecords") ?? 0,
                entity.GetString("ContractDigest") ?? string.Empty,
                InstantPattern.ExtendedIso.Parse(entity.GetString("CheckedAt") ?? string.Empty).GetValueOrThrow());
        }

        return records;
    }

    /// <inheritdoc />
    public async Task SaveAsync(CloseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await account.TableAsync(account.Names.Closes, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(record.Contract.Value, record.WindowId)
            {
                ["Revision"] = record.Revision,
                ["Fingerprint"] = record.Fingerprint,
                ["TouchRecords"] = record.TouchRecords,
                ["ContractDigest"] = record.ContractDigest,
                ["CheckedAt"] = InstantPattern.ExtendedIso.Format(record.CheckedAt),
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }
}
