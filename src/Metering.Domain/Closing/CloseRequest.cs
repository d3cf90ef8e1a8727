using Metering.Domain.Contracts;

namespace Metering.Domain.Closing;

/// <summary>A request to close (or re-close) one window of one contract.</summary>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window (<c>{first day}_{last day}</c>).</param>
/// <param name="Reason">Why the scheduler asked: <c>due</c>, <c>late-events</c> or <c>amended</c>.</param>
public sealed record CloseRequest(ContractId Contract, string WindowId, string Reason);
