using Metering.Domain.Closing;
using Metering.Domain.Ports;

namespace Metering.Pipeline.Closing;

/// <summary>
/// Copies a window's newest revision to its stable name after a close, where no publication notice is sent: the
/// command line's <c>close</c> and <c>serve</c> drain the same close queue as the Functions app, and a window they close
/// must get its <c>latest.json</c> as one the Functions app closes does (docs/operations.md, "A stable name"). The
/// newest revision listed is what is written (<see cref="LatestRevision"/>), as the Functions app's step writes it.
/// </summary>
public sealed class LatestPublisher(LatestRevision latest, ILatestInvoiceStore stableNames)
{
    /// <summary>Writes the stable name of <paramref name="published"/>'s window; false when its listing has no such revision yet.</summary>
    public async Task<bool> PublishAsync(InvoiceRevision published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        if (await latest.ResolveAsync(published, cancellationToken).ConfigureAwait(false) is not { } newest)
        {
            return false;
        }

        await stableNames.WriteAsync(newest, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
