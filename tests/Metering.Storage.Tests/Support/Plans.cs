using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Facts;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using NodaTime;
using NodaTime.Text;

namespace Metering.Storage.Tests.Support;

/// <summary>
/// Ingest plans built by hand, as the planner would shape them (the planner is written on another branch): the
/// store's behaviour must not depend on how a plan was computed.
/// </summary>
internal static class Plans
{
    public static TenantId Tenant(string id) => TenantId.Parse(id);

    public static BatchId Batch(string label) => new(Hex(label, 16));

    public static PresenceRecord Presence(string tenant, string month, string type, string unit, params int[] days)
    {
        var yearMonth = YearMonthPattern.Iso.Parse(month).GetValueOrThrow();
        var mask = days.Aggregate(0u, (m, d) => m | PresenceRecord.Bit(yearMonth.OnDayOfMonth(d)));
        return new PresenceRecord(Tenant(tenant), yearMonth, new ActivityKind(type, Deployment: "cloud"), new Subject(unit), mask);
    }

    public static Fact Fact(string tenant, FactFamily family, string unit, string time, string type, string id, EventData? data = null) =>
        new(Tenant(tenant), family, new Subject(unit), InstantPattern.ExtendedIso.Parse(time).GetValueOrThrow(), type, EventKey.Of("app://test", id), data ?? EventData.None);

    /// <summary>A chunk of facts of one unit and one UTC day, its id derived from the sorted keys.</summary>
    public static FactChunk Chunk(params Fact[] facts)
    {
        var first = facts[0];
        var sorted = facts.OrderBy(f => f.Time).ThenBy(f => f.Key).ToImmutableArray();
        var id = Hex(string.Join(",", sorted.Select(f => f.Key.ToString())), 8);
        return new FactChunk(first.Tenant, first.Family, first.Unit, first.Time.InUtc().Date, id, sorted);
    }

    /// <summary>A plan of these writes, with the touches they imply (one event per presence day and per fact).</summary>
    public static IngestPlan Of(string batch, IEnumerable<PresenceRecord> presence, IEnumerable<FactChunk>? facts = null)
    {
        var p = presence.ToImmutableArray();
        var f = (facts ?? []).ToImmutableArray();
        var touches = p.SelectMany(r => r.LocalDays().Select(d => (r.Tenant, Day: d, Events: 1, Data: StoredData.Presence)))
            .Concat(f.Select(c => (c.Tenant, c.Day, Events: c.Facts.Length, Data: c.Family == FactFamily.Session ? StoredData.Sessions : StoredData.Facts)))
            .GroupBy(t => (t.Tenant, t.Day))
            .OrderBy(g => g.Key.Tenant).ThenBy(g => g.Key.Day)
            .Select(g => new DayTouch(g.Key.Tenant, g.Key.Day, g.Sum(t => t.Events), g.Aggregate(StoredData.None, (data, t) => data | t.Data)))
            .ToImmutableArray();
        var accepted = touches.Sum(t => t.Events);
        return new IngestPlan(Batch(batch), accepted, accepted, p, f, touches, []);
    }

    private static string Hex(string text, int bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, bytes));
}
