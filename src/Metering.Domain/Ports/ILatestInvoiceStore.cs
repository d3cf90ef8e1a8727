using Metering.Domain.Closing;

namespace Metering.Domain.Ports;

/// <summary>
/// The stable name of each window's newest revision (<c>{tenant}/{contract}/{window}/latest.json</c> in the
/// <c>latest</c> container), for billing systems that read one fixed name per window. It is overwritten; the revisions
/// themselves stay write-once in <see cref="IInvoiceStore"/>.
/// </summary>
public interface ILatestInvoiceStore
{
    /// <summary>Writes <paramref name="newest"/>'s JSON, byte for byte, under its window's stable name.</summary>
    Task WriteAsync(StoredInvoice newest, CancellationToken cancellationToken);
}
