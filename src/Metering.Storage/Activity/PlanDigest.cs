using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Metering.Domain.Ingest;
using Metering.Storage.Keys;

namespace Metering.Storage.Activity;

/// <summary>
/// A digest of everything a plan writes (presence days, chunk ids, touches): 32 lowercase hex digits of SHA-256
/// over the sorted records, so the planner's output order does not matter. The same batch planned again gives the
/// same digest unless its outcome changed (a tenant or source registered since, an event no longer in the
/// future), and then the batch must be written again.
/// </summary>
internal static class PlanDigest
{
    public static string Of(IngestPlan plan)
    {
        var records = new List<string>(plan.Presence.Length + plan.Facts.Length + plan.Touches.Length);
        foreach (var p in plan.Presence)
        {
            records.Add(Record("p", p.Tenant.Value, TableKeys.Month(p.Month), p.Kind.Key, p.Unit.Value, p.Days.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var c in plan.Facts)
        {
            records.Add(Record("f", c.Tenant.Value, TableKeys.FamilyName(c.Family), c.Unit.Value, TableKeys.Day(c.Day), c.ChunkId));
        }

        foreach (var t in plan.Touches)
        {
            records.Add(Record("t", t.Tenant.Value, TableKeys.Day(t.Day), t.Events.ToString(CultureInfo.InvariantCulture)));
        }

        records.Sort(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Record(plan.Batch.Value, plan.Accepted.ToString(CultureInfo.InvariantCulture))));
        foreach (var record in records)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(record));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    // Length-prefixed parts: no two different records give the same text.
    private static string Record(params string[] parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            sb.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);
        }

        return sb.Append(';').ToString();
    }
}
