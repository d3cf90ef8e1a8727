using Metering.Domain.Contracts;
using NodaTime;

namespace Metering.Domain.Invoices;

/// <summary>The contract version that governed an invoice's window (docs/invoices.md: every invoice cites the contract version that governed it).</summary>
/// <param name="Id">The contract id.</param>
/// <param name="Name">The contract's human name, if it has one.</param>
/// <param name="Version">The version number.</param>
/// <param name="Effective">The first local day that version governs.</param>
public sealed record ContractReference(ContractId Id, string? Name, int Version, LocalDate Effective);
