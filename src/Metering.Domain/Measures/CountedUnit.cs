using Metering.Domain.Events;
using Metering.Domain.Tenants;

namespace Metering.Domain.Measures;

/// <summary>One unit a measure counts: a subject of a tenant (after alias resolution when the meter asks for it), and its dimension value when the meter has one.</summary>
internal sealed record CountedUnit(TenantId Tenant, Subject Unit, string? Dimension);
