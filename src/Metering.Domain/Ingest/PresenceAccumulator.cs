using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Presence of one batch merged per (tenant, local month, kind, unit) into a day mask, so that storage writes grow
/// with distinct units per month and not with events (docs/performance.md, "Memory"). Tenants and kinds are single instances per
/// batch and units are the parser's subject ids, so an event costs one hash of four integers.
/// </summary>
internal sealed class PresenceAccumulator
{
    private const int TenantBits = 21;
    private const int MonthBits = 18; // (year + 10000) * 12 + month - 1 < 2^18 for every year NodaTime holds
    private const int KindBits = 64 - TenantBits - MonthBits;

    private readonly Dictionary<Slot, Days> _days;

    /// <param name="expected">How many records the batch may make: sized once instead of growing by doubling.</param>
    public PresenceAccumulator(int expected) => _days = new(expected);

    /// <summary>How many records the batch makes so far.</summary>
    public int Count => _days.Count;

    /// <summary>Forgets the batch, keeping the table's room for the next one.</summary>
    public void Clear() => _days.Clear();

    /// <summary>Records activity of subject <paramref name="subject"/> of <paramref name="subjects"/> of that kind on a local day.</summary>
    public void Add(Tenant tenant, LocalDate day, ActivityKind kind, int subject, SubjectTable subjects)
    {
        ref var days = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, new Slot(tenant, day.ToYearMonth(), kind, subject), out var exists);
        if (!exists)
        {
            days.Unit = new Subject(subjects.Text(subject));
        }

        days.Mask |= PresenceRecord.Bit(day);
    }

    /// <summary>
    /// The records, ordered by tenant, month, kind key and unit (ordinal). <paramref name="subjectRanks"/> gives the
    /// ordinal rank of each subject id.
    /// </summary>
    public ImmutableArray<PresenceRecord> ToRecords(int[] subjectRanks)
    {
        // Tenants and kinds are few: ranked once, then (tenant, month, kind, unit) packs into one 128-bit number
        // whose order is the canonical order, and sorting compares numbers only.
        var tenantRanks = OrderRanks.Of(_days.Keys.Select(s => s.Tenant), static (a, b) => a.Id.CompareTo(b.Id));
        var kindRanks = OrderRanks.Of(_days.Keys.Select(s => s.Kind), static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (tenantRanks.Count > 1 << TenantBits || kindRanks.Count > 1 << KindBits)
        {
            throw new InvalidOperationException("A batch holds more tenants or activity kinds than presence ordering supports.");
        }

        var order = new UInt128[_days.Count];
        var records = new PresenceRecord[_days.Count];
        var i = 0;
        foreach (var (slot, days) in _days)
        {
            var month = (ulong)(((slot.Month.Year + 10_000) * 12) + slot.Month.Month - 1);
            var prefix = ((ulong)(uint)tenantRanks[slot.Tenant] << (MonthBits + KindBits)) | (month << KindBits) | (uint)kindRanks[slot.Kind];
            order[i] = ((UInt128)prefix << 32) | (uint)subjectRanks[slot.Subject];
            records[i++] = new PresenceRecord(slot.Tenant.Id, slot.Month, slot.Kind, days.Unit, days.Mask);
        }

        Array.Sort(order, records);
        return ImmutableCollectionsMarshal.AsImmutableArray(records);
    }

    private struct Days
    {
        public Subject Unit;
        public uint Mask;
    }

    private readonly record struct Slot(Tenant Tenant, YearMonth Month, ActivityKind Kind, int Subject)
    {
        public bool Equals(Slot other) =>
            Subject == other.Subject && Month == other.Month && ReferenceEquals(Kind, other.Kind) && ReferenceEquals(Tenant, other.Tenant);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Month, RuntimeHelpers.GetHashCode(Kind), Subject);
    }
}
