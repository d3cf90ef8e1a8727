using System.Collections.Immutable;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;

namespace Metering.Domain.Measures;

/// <summary>
/// What every measure of one contract reads: the contract's tenants, sorted and distinct, and the inputs the close
/// filled. Units of other tenants are never read. A trace, when present, is told what the measures decided about the
/// units it follows (<see cref="UnitTrace"/>); it never changes what they count.
/// </summary>
internal sealed record MeasureContext(ImmutableArray<TenantId> Tenants, MeteringInputs Inputs, UnitTrace? Trace = null)
{
    public static MeasureContext Of(IEnumerable<TenantId> tenants, MeteringInputs inputs, UnitTrace? trace = null) => new([.. tenants.Distinct().Order()], inputs, trace);
}
