using Metering.Domain.Closing;
using Metering.Domain.Invoices;

namespace Metering.Cli.Output;

/// <summary>One line of <c>metering invoices list</c>.</summary>
/// <param name="Revision">Where the revision is stored.</param>
/// <param name="Invoice">The revision read back.</param>
/// <param name="IsLatest">Whether it is the newest revision of its window.</param>
public sealed record ListedInvoice(InvoiceRevision Revision, Invoice Invoice, bool IsLatest);
