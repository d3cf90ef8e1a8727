using Azure;
using Azure.Data.Tables;
using Metering.Domain.Closing;
using Metering.Domain.Contracts;
using Metering.Domain.Ports;
using Metering.Storage.Accounts;
using NodaTime.Text;

namespace Metering.Storage.Closing;

/// <summary>
/// The close ledger in the <c>closes</c> table: <c>PartitionKey</c> = contract id, <c>RowKey</c> = the record's key
/// (the window id, or <c>{window id}:{period id}</c> for a statement; <see cref="CloseRecord.Key"/>); <c>Revision</c>,
/// <c>Fingerprint</c>, <c>TouchRecords</c>, <c>ContractDigest</c>, <c>CheckedAt</c>.
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
            var separator = entity.RowKey.IndexOf(':', StringComparison.Ordinal);
            records[entity.RowKey] = new CloseRecord(
                contract,
                separator < 0 ? entity.RowKey : entity.RowKey[..separator],
                entity.GetInt32("Revision") ?? 0,
                entity.GetString("Fingerprint") ?? string.Empty,
                entity.GetInt64("TouchRecords") ?? 0,
                entity.GetString("ContractDigest") ?? string.Empty,
                InstantPattern.ExtendedIso.Parse(entity.GetString("CheckedAt") ?? string.Empty).GetValueOrThrow(),
                separator < 0 ? null : entity.RowKey[(separator + 1)..]);
        }

        return records;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Never goes backwards: a record for an older revision, or for the same revision and contract with fewer touch
    /// records seen, leaves a newer stored one in place, but for its check time, which only moves forward (a slow closer saving after a faster one must not make the scheduler believe
    /// the window is settled at an older baseline, nor forget a revision). The check and the write are one conditional
    /// request on the stored record's ETag, tried again when another closer wrote in between.
    /// </remarks>
    public async Task SaveAsync(CloseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await account.TableAsync(account.Names.Closes, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(record.Contract.Value, record.Key)
        {
            ["Revision"] = record.Revision,
            ["Fingerprint"] = record.Fingerprint,
            ["TouchRecords"] = record.TouchRecords,
            ["ContractDigest"] = record.ContractDigest,
            ["CheckedAt"] = InstantPattern.ExtendedIso.Format(record.CheckedAt),
        };
        while (true)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(
                record.Contract.Value, record.Key, ["Revision", "TouchRecords", "ContractDigest", "CheckedAt"], cancellationToken).ConfigureAwait(false);
            try
            {
                if (!stored.HasValue)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return;
                }

                // The latest check is kept whichever close saved last: the scheduler closes a statement once more when
                // its window becomes due unless it was checked since (docs/closing.md, "Statements").
                var checkedAt = Later(stored.Value!, record.CheckedAt);
                if (IsNewer(stored.Value!, record))
                {
                    if (checkedAt != record.CheckedAt || SameInstant(stored.Value!, checkedAt))
                    {
                        return;
                    }

                    var touched = new TableEntity(record.Contract.Value, record.Key) { ["CheckedAt"] = InstantPattern.ExtendedIso.Format(checkedAt) };
                    await table.UpdateEntityAsync(touched, stored.Value!.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    return;
                }

                entity["CheckedAt"] = InstantPattern.ExtendedIso.Format(checkedAt);
                await table.UpdateEntityAsync(entity, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another closer saved this window between the read and the write: compare with its record.
            }
        }
    }

    private static NodaTime.Instant Later(TableEntity stored, NodaTime.Instant checkedAt) =>
        InstantPattern.ExtendedIso.Parse(stored.GetString("CheckedAt") ?? string.Empty) is { Success: true } parsed && parsed.Value > checkedAt
            ? parsed.Value
            : checkedAt;

    private static bool SameInstant(TableEntity stored, NodaTime.Instant checkedAt) =>
        InstantPattern.ExtendedIso.Parse(stored.GetString("CheckedAt") ?? string.Empty) is { Success: true } parsed && parsed.Value == checkedAt;

    // Touch records grow only, for one contract document; across an amendment the baselines may count different days,
    // so the record closed under the other document is replaced (the scheduler compares digests first).
    private static bool IsNewer(TableEntity stored, CloseRecord record)
    {
        var revision = stored.GetInt32("Revision") ?? 0;
        return revision > record.Revision
            || (revision == record.Revision
                && string.Equals(stored.GetString("ContractDigest"), record.ContractDigest, StringComparison.Ordinal)
                && (stored.GetInt64("TouchRecords") ?? 0) > record.TouchRecords);
    }
}
