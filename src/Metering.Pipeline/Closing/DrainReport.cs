using Metering.Domain.Closing;

namespace Metering.Pipeline.Closing;

/// <summary>What draining the close queue did.</summary>
/// <param name="Outcomes">Each completed close, in the order handled.</param>
/// <param name="Failures">Closes that failed (left in the queue for another attempt, or given up as poison).</param>
public sealed record DrainReport(IReadOnlyList<CloseOutcome> Outcomes, IReadOnlyList<CloseFailure> Failures);

/// <summary>A close that failed.</summary>
/// <param name="Request">The request.</param>
/// <param name="Error">The error message.</param>
/// <param name="Poisoned">Whether it was given up after too many attempts.</param>
public sealed record CloseFailure(CloseRequest Request, string Error, bool Poisoned)
{
    /// <summary>What was thrown, so that a host can tell a storage failure (retry later) from a bug.</summary>
    public Exception? Cause { get; init; }
}
