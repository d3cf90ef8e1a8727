using Metering.Domain.Closing;

namespace Metering.Pipeline.Closing;

/// <summary>Outcome of a schedule run: the windows it asked to close, and what it could not close or must report.</summary>
/// <param name="Requested">The close requests enqueued, in contract and window order.</param>
/// <param name="Problems">
/// Sentences for the operator: contracts skipped with the reason (tenants unregistered, zones differ), and closed
/// windows an amendment has since withdrawn from the contract (their invoices stand unsuperseded).
/// </param>
public sealed record ScheduledClose(IReadOnlyList<CloseRequest> Requested, IReadOnlyList<string> Problems);
