using Metering.Domain.Closing;
using Metering.Domain.Invoices;
using Metering.Domain.Statements;

namespace Metering.Pipeline.Closing;

/// <summary>What closing one window (its invoice), or one statement period of it, did.</summary>
/// <param name="Request">The request.</param>
/// <param name="Status">What happened.</param>
/// <param name="Revision">The revision written, or the latest one when nothing changed; null when none exists.</param>
/// <param name="Invoice">The invoice written or confirmed, when there is one.</param>
/// <param name="Detail">Why the window was skipped or failed.</param>
public sealed record CloseOutcome(CloseRequest Request, CloseStatus Status, InvoiceRevision? Revision, Invoice? Invoice, string? Detail = null)
{
    /// <summary>For a statement request: the revision written, or the latest one when nothing changed.</summary>
    public StatementRevision? StatementRevision { get; init; }

    /// <summary>For a statement request: the statement written or confirmed.</summary>
    public Statement? Statement { get; init; }
}

/// <summary>The result of one close.</summary>
public enum CloseStatus
{
    /// <summary>A new revision was published.</summary>
    Written,

    /// <summary>The recomputation changed no figure: no revision written.</summary>
    Unchanged,

    /// <summary>Nothing to do (unknown contract, window no longer in the contract, not yet due).</summary>
    Skipped,
}
