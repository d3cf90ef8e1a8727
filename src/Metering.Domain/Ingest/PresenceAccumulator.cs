using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Metering.Domain.Activity;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>
/// Presence of one batch merged per (tenant, local month, kind, unit) into a day mask, so that storage writes grow
/// with distinct units per month and not with events (docs/performance.md, "Memory"). Tenants and kinds are numbered
/// in the batch and units are the parser's subject ids, so a slot is two integers: tenant, month and kind packed
/// into one, the unit the other.
/// </summary>
internal sealed class PresenceAccumulator
{
    private const int TenantBits = 21;
    private const int MonthBits = 18; // (year + 10000) * 12 + month - 1 < 2^18 for every year NodaTime holds
    private const int KindBits = 64 - TenantBits - MonthBits;

    /// <summary>Up to this many tenants are numbered by a search of the list; past it, by a table.</summary>
    private const int SearchedTenants = 16;

    private readonly Dictionary<Slot, uint> _days;
    private readonly List<Tenant> _tenants = [];
    private readonly Dictionary<Tenant, int> _tenantNumbers = new(ReferenceEqualityComparer.Instance);

    /// <param name="expected">How many records the batch may make: sized once instead of growing by doubling.</param>
    public PresenceAccumulator(int expected) => _days = new(expected);

    /// <summary>How many records the batch makes so far.</summary>
    public int Count => _days.Count;

    /// <summary>Forgets the batch, keeping the table's room for the next one.</summary>
    public void Clear()
    {
        _days.Clear();
        _tenants.Clear();
        _tenantNumbers.Clear();
    }

    /// <summary>
    /// Records activity of subject id <paramref name="subject"/>, of kind number <paramref name="kind"/> of the batch's
    /// <see cref="ActivityKindTable"/>, on a local day.
    /// </summary>
    public void Add(Tenant tenant, LocalDate day, int kind, int subject)
    {
        var month = (ulong)(((day.Year + 10_000) * 12) + day.Month - 1);
        var head = ((ulong)(uint)TenantNumber(tenant) << (MonthBits + KindBits)) | (month << KindBits) | (uint)kind;
        ref var days = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, new Slot(head, subject), out _);
        days |= PresenceRecord.Bit(day);
    }

    /// <summary>
    /// The records, ordered by tenant, month, kind key and unit (ordinal). <paramref name="kinds"/> is the batch's kind
    /// table, <paramref name="subjects"/> its subjects and <paramref name="subjectRanks"/> the ordinal rank of each
    /// subject id.
    /// </summary>
    public ImmutableArray<PresenceRecord> ToRecords(ActivityKindTable kinds, SubjectTable subjects, int[] subjectRanks)
    {
        if (_tenants.Count > 1 << TenantBits || kinds.Kinds.Count > 1 << KindBits)
        {
            throw new InvalidOperationException("A batch holds more tenants or activity kinds than presence ordering supports.");
        }

        // Tenants and kinds are few: ranked once, then (tenant, month, kind, unit) packs into one 128-bit number whose
        // order is the canonical order, and sorting compares numbers only.
        var tenantRanks = OrderRanks.ByIndex(_tenants, static (a, b) => a.Id.CompareTo(b.Id));
        var kindRanks = OrderRanks.ByIndex(kinds.Kinds, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var order = new UInt128[_days.Count];
        var records = new PresenceRecord[_days.Count];
        var i = 0;
        foreach (var (slot, days) in _days)
        {
            var tenant = (int)(slot.Head >> (MonthBits + KindBits));
            var month = (int)((slot.Head >> KindBits) & ((1UL << MonthBits) - 1));
            var kind = (int)(slot.Head & ((1UL << KindBits) - 1));
            var prefix = ((ulong)(uint)tenantRanks[tenant] << (MonthBits + KindBits)) | ((ulong)month << KindBits) | (uint)kindRanks[kind];
            order[i] = ((UInt128)prefix << 32) | (uint)subjectRanks[slot.Subject];
            var yearMonth = new YearMonth((month / 12) - 10_000, (month % 12) + 1);
            records[i++] = new PresenceRecord(_tenants[tenant].Id, yearMonth, kinds.Kinds[kind], new Subject(subjects.Text(slot.Subject)), days);
        }

        Array.Sort(order, records);
        return ImmutableCollectionsMarshal.AsImmutableArray(records);
    }

    /// <summary>The tenant's number in this batch: a batch holds few tenants, found by a search before a table is needed.</summary>
    private int TenantNumber(Tenant tenant)
    {
        var tenants = CollectionsMarshal.AsSpan(_tenants);
        if (tenants.Length <= SearchedTenants)
        {
            for (var number = 0; number < tenants.Length; number++)
            {
                if (ReferenceEquals(tenants[number], tenant))
                {
                    return number;
                }
            }
        }
        else if (_tenantNumbers.TryGetValue(tenant, out var known))
        {
            return known;
        }

        _tenants.Add(tenant);
        if (_tenants.Count == SearchedTenants + 1)
        {
            for (var number = 0; number < _tenants.Count; number++)
            {
                _tenantNumbers[_tenants[number]] = number;
            }
        }
        else if (_tenants.Count > SearchedTenants + 1)
        {
            _tenantNumbers[tenant] = _tenants.Count - 1;
        }

        return _tenants.Count - 1;
    }

    /// <summary>Tenant number, month and kind number packed in <see cref="Head"/>; the unit's subject id.</summary>
    private readonly record struct Slot(ulong Head, int Subject)
    {
        public bool Equals(Slot other) => Head == other.Head && Subject == other.Subject;

        /// <summary>Multiplicative (Fibonacci) hashing: the high half of the product depends on every bit of both.</summary>
        public override int GetHashCode() => unchecked((int)(((Head ^ (((ulong)(uint)Subject << 32) | (uint)Subject)) * 0x9E3779B97F4A7C15UL) >> 32));
    }
}
