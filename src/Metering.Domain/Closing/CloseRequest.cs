using Metering.Domain.Contracts;

namespace Metering.Domain.Closing;

/// <summary>A request to close (or re-close) one window of one contract, or one statement period of it.</summary>
/// <param name="Contract">The contract.</param>
/// <param name="WindowId">The window (<c>{first day}_{last day}</c>).</param>
/// <param name="Reason">Why the scheduler asked: <c>due</c>, <c>late-events</c> or <c>amended</c>.</param>
/// <param name="PeriodId">The statement period to close (its id), or null to close the window's invoice.</param>
public sealed record CloseRequest(ContractId Contract, string WindowId, string Reason, string? PeriodId = null)
{
    /// <summary>What is closed: <c>invoice</c> or <c>statement</c>.</summary>
    public string Kind => PeriodId is null ? "invoice" : "statement";

    /// <summary>The window, or the window and period (<c>{window}/{period}</c>), for messages.</summary>
    public string Target => PeriodId is null ? WindowId : $"{WindowId}/{PeriodId}";
}
