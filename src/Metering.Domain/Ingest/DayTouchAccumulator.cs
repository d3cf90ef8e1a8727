using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Ingest;

/// <summary>The accepted events of one batch counted per (tenant, local day), every copy included.</summary>
internal sealed class DayTouchAccumulator
{
    private readonly Dictionary<Slot, (int Events, StoredData Data)> _events = [];

    /// <summary>Forgets the batch.</summary>
    public void Clear() => _events.Clear();

    public void Add(Tenant tenant, LocalDate day, StoredData data)
    {
        ref var touch = ref CollectionsMarshal.GetValueRefOrAddDefault(_events, new Slot(tenant, day), out _);
        touch = (touch.Events + 1, touch.Data | data);
    }

    /// <summary>The touches, ordered by tenant and day.</summary>
    public ImmutableArray<DayTouch> ToTouches()
    {
        var touches = _events.Select(e => new DayTouch(e.Key.Tenant.Id, e.Key.Day, e.Value.Events, e.Value.Data)).ToArray();
        Array.Sort(touches, static (a, b) =>
        {
            var order = a.Tenant.CompareTo(b.Tenant);
            return order != 0 ? order : a.Day.CompareTo(b.Day);
        });
        return ImmutableCollectionsMarshal.AsImmutableArray(touches);
    }

    private readonly record struct Slot(Tenant Tenant, LocalDate Day)
    {
        public bool Equals(Slot other) => ReferenceEquals(Tenant, other.Tenant) && Day == other.Day;

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Tenant), Day);
    }
}
