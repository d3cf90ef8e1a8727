using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metering.Domain.Activity;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Presence of one batch merged per (tenant, local month, kind, unit) into a day mask, so that storage writes grow
/// with distinct units per month and not with events (SPEC section 7). Kinds come from one
/// <see cref="ActivityKindTable"/> and are compared by reference.
/// </summary>
internal sealed class PresenceAccumulator
{
    private readonly Dictionary<Slot, uint> _days = [];

    /// <summary>Records activity of <paramref name="unit"/> of that kind on a local day.</summary>
    public void Add(Tenant tenant, LocalDate day, ActivityKind kind, string unit)
    {
        ref var days = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, new Slot(tenant, day.ToYearMonth(), kind, unit), out _);
        days |= PresenceRecord.Bit(day);
    }

    /// <summary>The records, ordered by tenant, month, kind key and unit (ordinal).</summary>
    public ImmutableArray<PresenceRecord> ToRecords()
    {
        // Tenants and kinds are few: rank them once and pack (tenant, month, kind) into one integer, so that
        // sorting compares one number and then, only within a (tenant, month, kind), the units.
        var tenantRanks = Ranks(_days.Keys.Select(s => s.Tenant), static (a, b) => a.Id.CompareTo(b.Id));
        var kindRanks = Ranks(_days.Keys.Select(s => s.Kind), static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (tenantRanks.Count > 1 << TenantBits || kindRanks.Count > 1 << KindBits)
        {
            throw new InvalidOperationException("A batch holds more tenants or activity kinds than presence ordering supports.");
        }

        var prefixes = new ulong[_days.Count];
        var units = new string[_days.Count];
        var records = new PresenceRecord[_days.Count];
        var i = 0;
        foreach (var (slot, days) in _days)
        {
            var month = (ulong)(((slot.Month.Year + 10_000) * 12) + slot.Month.Month - 1);
            prefixes[i] = ((ulong)(uint)tenantRanks[slot.Tenant] << (MonthBits + KindBits)) | (month << KindBits) | (uint)kindRanks[slot.Kind];
            units[i] = slot.Unit;
            records[i++] = new PresenceRecord(slot.Tenant.Id, slot.Month, slot.Kind, slot.Unit, days);
        }

        // Sorting plain integers is fast; then only the units within one (tenant, month, kind) need comparing.
        var order = new int[records.Length];
        for (i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(prefixes, order);
        var sorted = new PresenceRecord[records.Length];
        var runUnits = new string[records.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && prefixes[end] == prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var run = order.AsSpan(start, end - start);
                var keys = runUnits.AsSpan(start, end - start);
                for (var k = 0; k < run.Length; k++)
                {
                    keys[k] = units[run[k]];
                }

                keys.Sort(run, StringComparer.Ordinal);
            }

            for (var k = start; k < end; k++)
            {
                sorted[k] = records[order[k]];
            }

            start = end;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    private const int TenantBits = 21;
    private const int MonthBits = 18; // (year + 10000) * 12 + month - 1 < 2^18 for every year NodaTime holds
    private const int KindBits = 64 - TenantBits - MonthBits;

    private static Dictionary<T, int> Ranks<T>(IEnumerable<T> items, Comparison<T> order)
        where T : class
    {
        var distinct = items.Distinct(ReferenceEqualityComparer.Instance).Cast<T>().ToArray();
        Array.Sort(distinct, order);
        var ranks = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < distinct.Length; i++)
        {
            ranks[distinct[i]] = i;
        }

        return ranks;
    }

    private readonly record struct Slot(Tenant Tenant, YearMonth Month, ActivityKind Kind, string Unit)
    {
        public bool Equals(Slot other) =>
            ReferenceEquals(Tenant, other.Tenant) && Month == other.Month && ReferenceEquals(Kind, other.Kind)
            && string.Equals(Unit, other.Unit, StringComparison.Ordinal);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Month, RuntimeHelpers.GetHashCode(Kind), Unit);
    }
}
