namespace Metering.Domain.Invoices;

/// <summary>The revision an invoice replaces (docs/closing.md: a revision is never overwritten; the new one supersedes it).</summary>
/// <param name="Revision">The superseded revision number.</param>
/// <param name="InvoiceId">Its invoice id.</param>
public sealed record Supersession(int Revision, string InvoiceId);
