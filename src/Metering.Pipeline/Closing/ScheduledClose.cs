using Metering.Domain.Closing;

namespace Metering.Pipeline.Closing;

/// <summary>Outcome of a schedule run: the windows it asked to close and the contracts it could not schedule.</summary>
/// <param name="Requested">The close requests enqueued, in contract and window order.</param>
/// <param name="Problems">Contracts skipped, each with the reason (tenants unregistered, zones differ).</param>
public sealed record ScheduledClose(IReadOnlyList<CloseRequest> Requested, IReadOnlyList<string> Problems);
