using Azure;
using Azure.Data.Tables;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Storage.Accounts;
using Metering.Storage.Keys;
using NodaTime;

namespace Metering.Storage.Closing;

/// <summary>
/// Watermarks in the <c>watermarks</c> table: one entity per tenant (<c>PartitionKey</c> = <c>tenant</c>,
/// <c>RowKey</c> = the tenant id, <c>ClosedThrough</c> = <c>yyyyMMdd</c>). Raising is optimistic: a concurrent
/// raise is detected by the ETag and the higher day wins.
/// </summary>
public sealed class TableWatermarkStore(StorageAccount account) : IWatermarkStore
{
    private const string Partition = "tenant";
    private const string ClosedThrough = "ClosedThrough";

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<TenantId, LocalDate>> GetAsync(IReadOnlyCollection<TenantId> tenants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var table = await account.TableAsync(account.Names.Watermarks, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<TenantId, LocalDate>();
        foreach (var tenant in tenants.Distinct())
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, tenant.Value, [ClosedThrough], cancellationToken).ConfigureAwait(false);
            if (entity.HasValue && entity.Value!.GetString(ClosedThrough) is { } day)
            {
                result[tenant] = TableKeys.ParseDay(day);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task RaiseAsync(TenantId tenant, LocalDate closedThrough, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(account.Names.Watermarks, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, tenant.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = new TableEntity(Partition, tenant.Value) { [ClosedThrough] = TableKeys.Day(closedThrough) };
            try
            {
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var current = TableKeys.ParseDay(existing.Value!.GetString(ClosedThrough)!);
                if (current >= closedThrough)
                {
                    return;
                }

                await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another closer raised it at the same time: read again and compare.
            }
        }
    }
}
