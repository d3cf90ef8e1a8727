using System.Collections.Immutable;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;

namespace Metering.Domain.Measures;

/// <summary>What every measure of one contract reads: the contract's tenants, sorted and distinct, and the inputs the close filled. Units of other tenants are never read.</summary>
internal sealed record MeasureContext(ImmutableArray<TenantId> Tenants, MeteringInputs Inputs)
{
    public static MeasureContext Of(IEnumerable<TenantId> tenants, MeteringInputs inputs) => new([.. tenants.Distinct().Order()], inputs);
}
