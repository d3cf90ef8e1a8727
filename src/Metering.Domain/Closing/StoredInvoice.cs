namespace Metering.Domain.Closing;

/// <summary>A published revision as read back: its JSON and the late-event baseline stored with it.</summary>
/// <param name="Revision">The revision's address.</param>
/// <param name="Json">The invoice JSON, byte for byte.</param>
/// <param name="Baseline">The touches the close had seen when it wrote this revision.</param>
public sealed record StoredInvoice(InvoiceRevision Revision, ReadOnlyMemory<byte> Json, TouchBaseline Baseline);
