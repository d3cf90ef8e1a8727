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
        var records = new PresenceRecord[_days.Count];
        var i = 0;
        foreach (var (slot, days) in _days)
        {
            records[i++] = new PresenceRecord(slot.Tenant.Id, slot.Month, slot.Kind, slot.Unit, days);
        }

        Array.Sort(records, static (a, b) =>
        {
            var order = a.Tenant.CompareTo(b.Tenant);
            if (order == 0)
            {
                order = a.Month.CompareTo(b.Month);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Kind.Key, b.Kind.Key);
            }

            return order != 0 ? order : string.CompareOrdinal(a.Unit, b.Unit);
        });
        return ImmutableCollectionsMarshal.AsImmutableArray(records);
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
