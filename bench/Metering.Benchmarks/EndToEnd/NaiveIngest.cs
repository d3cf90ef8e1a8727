using Azure.Data.Tables;
using Metering.Domain.Events;
using Metering.Domain.Tenants;
using Metering.Pipeline.Ingest;
using Metering.Storage.Accounts;
using Metering.Storage.Keys;
using NodaTime;
using NodaTime.Text;

namespace Metering.Benchmarks.EndToEnd;

/// <summary>
/// The baseline the design is measured against: the same validation, then one upsert per accepted event of a row
/// keyed by (tenant, local day) and (type, subject), with no coalescing and no batching, many requests in flight.
/// </summary>
public static class NaiveIngest
{
    private static readonly LocalDatePattern DayText = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    /// <summary>Ingests the NDJSON file; returns how many events were accepted (each one upsert).</summary>
    public static async Task<long> RunAsync(
        string path, StorageAccount account, TenantDirectory tenants, Instant now, int batchSize, int inFlight, CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(account.Names.Presence + "naive");
        await table.CreateIfNotExistsAsync(cancellationToken);
        long upserts = 0;
        await using var file = File.OpenRead(path);
        await foreach (var batch in EventBatchReader.ReadAsync(file, batchSize, cancellationToken))
        {
            var parser = new CloudEventParser(tenants, now);
            var rows = new List<TableEntity>(batch.Count);
            foreach (var raw in batch)
            {
                if (parser.TryParse(raw, out var accepted, out _) && tenants.TryGet(accepted.Tenant.Value, out var tenant))
                {
                    var day = accepted.Time.InZone(tenant.Zone).Date;
                    rows.Add(new TableEntity(
                        string.Concat(accepted.Tenant.Value, "|", DayText.Format(day)),
                        string.Concat(TableKeys.BoundedPart(accepted.Type.Name, 160), "|", TableKeys.BoundedPart(accepted.Subject.Value, 340)))
                    {
                        ["Seen"] = true,
                    });
                }
            }

            await Parallel.ForEachAsync(
                rows,
                new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken },
                async (row, ct) => await table.UpsertEntityAsync(row, TableUpdateMode.Merge, ct));
            upserts += rows.Count;
        }

        return upserts;
    }
}
